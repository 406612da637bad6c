export { bucketField, bucketKey, BUCKET_MS_BITS, decodeOwner, encodeOwner } from './layout';
export { PhotoOwnerMap } from './photo-owner-map';
export { photoOwnersProjection, type PhotoOwnersOptions } from './photo-owners.projection';
