export {
  problemForCodedError,
  STATUS_BY_ERROR_KIND,
  type CodedError,
  type ErrorKind,
} from './coded-errors';
export {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  ProblemError,
  problemType,
  type Problem,
  type ProblemDocument,
} from './problem';
export { registerProblemMapper, type ProblemMapper } from './problem-mappers';
export { ProblemTypes } from './problem-types';
