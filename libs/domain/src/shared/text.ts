/**
 * Length as a user counts it: code points, so an emoji is one character, not two UTF-16 units.
 * (Grapheme clusters would be closer still, but limits don't need that precision.)
 */
export function characterCount(text: string): number {
  return Array.from(text).length;
}
