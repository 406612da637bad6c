/** Real cities (centre coordinates) and some of their neighbourhoods, for photos with a location. */
export interface DemoCity {
  name: string;
  lat: number;
  lng: number;
  places: readonly string[];
}

export const DEMO_CITIES: readonly DemoCity[] = [
  { name: 'Lisbon', lat: 38.7223, lng: -9.1393, places: ['Alfama', 'Belém', 'Bairro Alto'] },
  { name: 'San Francisco', lat: 37.7749, lng: -122.4194, places: ['Mission', 'North Beach'] },
  { name: 'Tokyo', lat: 35.6762, lng: 139.6503, places: ['Shibuya', 'Asakusa', 'Shimokitazawa'] },
  { name: 'São Paulo', lat: -23.5505, lng: -46.6333, places: ['Vila Madalena', 'Liberdade'] },
  { name: 'Cape Town', lat: -33.9249, lng: 18.4241, places: ['Bo-Kaap', 'Sea Point'] },
  { name: 'Reykjavík', lat: 64.1466, lng: -21.9426, places: ['Harpa', 'Grandi'] },
  { name: 'New York', lat: 40.7128, lng: -74.006, places: ['Brooklyn', 'SoHo', 'Harlem'] },
  { name: 'Berlin', lat: 52.52, lng: 13.405, places: ['Kreuzberg', 'Prenzlauer Berg'] },
];

/** How far (degrees) a photo's point strays from its city's centre: a few kilometres. */
export const CITY_JITTER_DEGREES = 0.04;
