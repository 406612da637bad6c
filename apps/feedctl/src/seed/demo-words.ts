/** The words demo users and captions are made of. ASCII only, first names at most 9 letters. */

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const FIRST_NAMES = words(`
  ana ben carla dmitri elena farah gabriel hana ivan julia kenji lena marco nadia omar priya
  quentin rosa samir tara umar vera wei ximena yusuf zoe amara bruno chloe diego emeka freya
  goran ines jonas kira luca maya noah olga pablo rania sofia tomas ulla viktor yara leo mei
  aiko
`);

export const LAST_NAMES = words(`
  Silva Okafor Tanaka Novak Haddad Moreau Kowalski Nguyen Larsen Costa Ivanova Mendes Sato
  Fischer Rossi Khan Andersen Ortiz Petrov Dubois Mensah Yilmaz Lindqvist Romero Chen Abebe
  Walsh Kaur Bauer Ferreira
`);

/** Never empty: a bio that is already so changes nothing, and user 0's bio marks a batch complete. */
export const BIOS = [
  'Chasing light with an old film camera.',
  'Coffee first, photos second.',
  'Street photography and long walks.',
  'Mostly skies. Sometimes cats.',
  'Weekend hiker, weekday commuter.',
  'Trying to post one photo a day.',
  'Colours, shapes and shadows.',
  'Architecture nerd. Stairs enthusiast.',
  'Food, friends and the occasional sunset.',
  'Learning to see, one frame at a time.',
] as const;

export const CAPTION_OPENERS = [
  'golden hour',
  'quiet morning',
  'lunch break',
  'after the rain',
  'blue hour',
  'sunday walk',
  'late night',
  'first light',
  'weekend mood',
  'on the way home',
  'new lens test',
  'no filter',
] as const;

export const CAPTION_THINGS = [
  'colours',
  'shadows',
  'lines',
  'the view',
  'reflections',
  'textures',
  'the sky',
  'patterns',
  'light leaks',
  'geometry',
] as const;

export const HASHTAGS = [
  '#photooftheday',
  '#abstract',
  '#colour',
  '#minimal',
  '#nofilter',
  '#streetphotography',
  '#travel',
  '#sky',
  '#design',
  '#weekend',
] as const;
