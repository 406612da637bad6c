export {
  decodeBigIntCursor,
  decodeCursor,
  encodeBigIntCursor,
  encodeCursor,
  InvalidCursorError,
  type Page,
} from './cursor';
