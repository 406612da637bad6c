import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'photofeed:public';

/** The route (or controller) needs no access token: sign-up, sign-in, refresh, health. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
