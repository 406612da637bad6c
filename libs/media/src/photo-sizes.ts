/** The sizes we store for every photo. Squares are Instagram's; `original` keeps the aspect. */
export const PHOTO_SIZES = ['original', 'large', 'medium', 'small'] as const;
export type PhotoSize = (typeof PHOTO_SIZES)[number];

export const SQUARE_SIDES = { large: 612, medium: 306, small: 150 } as const satisfies Record<
  Exclude<PhotoSize, 'original'>,
  number
>;
