import type { OpeningHours } from '../stores/stores-repository.js';

/**
 * The demo brand's ten shops: real shopping streets, coordinates of the street number (WGS 84), phone numbers from
 * the ranges ARCEP reserves for fiction (01 99 00…, 02 61 91…, 03 53 01…, 04 65 71…, 05 36 49…) so that nobody's
 * phone rings because of a demo. Ten is also Apple's limit of locations per pass.
 */

/** Regions pick the surnames that are more frequent locally (see names-data). */
export type Region = 'paris' | 'rhone' | 'provence' | 'aquitaine' | 'nord' | 'ouest' | 'occitanie' | 'alsace';

/** A commune (or Paris arrondissement) where customers of a shop live. */
export interface Locality {
  city: string;
  postcode: string;
  latitude: number;
  longitude: number;
  weight: number;
  /** Standard deviation of the jitter around the centre, in km. */
  spreadKm: number;
}

export interface DemoStore {
  name: string;
  address: string;
  postcode: string;
  city: string;
  phone: string;
  latitude: number;
  longitude: number;
  radiusM: 100 | 200 | 500;
  openingHours: OpeningHours;
  region: Region;
  /** Share of the customers who call this shop home. */
  weight: number;
  localities: readonly Locality[];
}

const TUE_TO_SAT = (open: string, close: string): OpeningHours => ({
  mon: [],
  tue: [[open, close]],
  wed: [[open, close]],
  thu: [[open, close]],
  fri: [[open, close]],
  sat: [[open, close]],
  sun: [],
});

const every = (weekday: [string, string][], sat: [string, string][], sun: [string, string][]): OpeningHours => ({
  mon: weekday,
  tue: weekday,
  wed: weekday,
  thu: weekday,
  fri: weekday,
  sat,
  sun,
});

const loc = (
  city: string,
  postcode: string,
  latitude: number,
  longitude: number,
  weight: number,
  spreadKm = 1.2,
): Locality => ({ city, postcode, latitude, longitude, weight, spreadKm });

const arr = (n: number, latitude: number, longitude: number, weight: number): Locality =>
  loc('Paris', `750${String(n).padStart(2, '0')}`, latitude, longitude, weight, 0.6);

export const DEMO_STORES: readonly DemoStore[] = [
  {
    name: 'Maison Fauvette Marais',
    address: '22 rue des Francs-Bourgeois',
    postcode: '75003',
    city: 'Paris',
    phone: '+33 1 99 00 31 20',
    latitude: 48.8578,
    longitude: 2.3603,
    radiusM: 100,
    openingHours: every([['10:30', '19:30']], [['10:00', '20:00']], [['11:00', '19:00']]),
    region: 'paris',
    weight: 14,
    localities: [
      arr(3, 48.863, 2.3601, 3),
      arr(4, 48.8543, 2.3576, 3),
      arr(11, 48.859, 2.38, 4),
      arr(12, 48.8396, 2.3958, 2),
      arr(20, 48.8634, 2.4012, 2),
      arr(10, 48.8761, 2.3608, 2),
      arr(19, 48.8871, 2.3848, 1),
      loc('Montreuil', '93100', 48.8611, 2.4437, 1.5),
      loc('Vincennes', '94300', 48.8474, 2.4392, 1.5),
      loc('Saint-Mandé', '94160', 48.8422, 2.4186, 0.7, 0.6),
    ],
  },
  {
    name: 'Maison Fauvette Montorgueil',
    address: '61 rue Montorgueil',
    postcode: '75002',
    city: 'Paris',
    phone: '+33 1 99 00 31 45',
    latitude: 48.8656,
    longitude: 2.3472,
    radiusM: 100,
    openingHours: every([['08:30', '19:30']], [['09:00', '20:00']], [['09:30', '14:00']]),
    region: 'paris',
    weight: 12,
    localities: [
      arr(1, 48.8625, 2.3364, 2),
      arr(2, 48.8683, 2.3428, 3),
      arr(9, 48.8771, 2.3375, 3),
      arr(10, 48.8761, 2.3608, 2),
      arr(18, 48.8925, 2.3484, 3),
      arr(17, 48.8873, 2.3067, 2),
      arr(8, 48.8727, 2.3125, 1),
      loc('Saint-Ouen-sur-Seine', '93400', 48.9117, 2.334, 1),
      loc('Clichy', '92110', 48.9045, 2.3058, 1),
      loc('Pantin', '93500', 48.8944, 2.4094, 0.8),
    ],
  },
  {
    name: 'Maison Fauvette Rue Cler',
    address: '33 rue Cler',
    postcode: '75007',
    city: 'Paris',
    phone: '+33 1 99 00 31 72',
    latitude: 48.8566,
    longitude: 2.3061,
    radiusM: 100,
    openingHours: every([['09:30', '19:30']], [['09:30', '19:30']], [['09:30', '13:30']]),
    region: 'paris',
    weight: 11,
    localities: [
      arr(7, 48.8562, 2.3122, 3),
      arr(15, 48.8401, 2.2935, 4),
      arr(16, 48.8603, 2.2747, 3),
      arr(6, 48.8491, 2.3328, 1.5),
      arr(14, 48.8292, 2.3266, 1.5),
      loc('Boulogne-Billancourt', '92100', 48.8397, 2.2399, 2),
      loc('Issy-les-Moulineaux', '92130', 48.8245, 2.2735, 1),
      loc('Neuilly-sur-Seine', '92200', 48.8846, 2.2697, 1),
      loc('Levallois-Perret', '92300', 48.8932, 2.2881, 1),
      loc('Versailles', '78000', 48.8049, 2.1204, 0.8, 1.5),
    ],
  },
  {
    name: 'Maison Fauvette Lyon Bellecour',
    address: '24 rue Victor-Hugo',
    postcode: '69002',
    city: 'Lyon',
    phone: '+33 4 65 71 20 18',
    latitude: 45.7551,
    longitude: 4.8297,
    radiusM: 200,
    openingHours: {
      mon: [['14:00', '19:00']],
      tue: [['10:00', '19:00']],
      wed: [['10:00', '19:00']],
      thu: [['10:00', '19:00']],
      fri: [['10:00', '19:00']],
      sat: [['10:00', '19:30']],
      sun: [],
    },
    region: 'rhone',
    weight: 11,
    localities: [
      loc('Lyon', '69002', 45.754, 4.827, 3, 0.8),
      loc('Lyon', '69001', 45.769, 4.829, 2, 0.6),
      loc('Lyon', '69003', 45.759, 4.85, 2.5, 1),
      loc('Lyon', '69006', 45.769, 4.85, 2.5, 0.8),
      loc('Lyon', '69007', 45.745, 4.84, 2, 1),
      loc('Lyon', '69005', 45.759, 4.82, 1, 0.8),
      loc('Lyon', '69004', 45.778, 4.827, 1, 0.6),
      loc('Villeurbanne', '69100', 45.7719, 4.8902, 2),
      loc('Caluire-et-Cuire', '69300', 45.795, 4.8466, 1),
      loc('Écully', '69130', 45.775, 4.777, 0.6),
      loc('Oullins', '69600', 45.715, 4.808, 0.6),
    ],
  },
  {
    name: 'Maison Fauvette Marseille Saint-Ferréol',
    address: '29 rue Saint-Ferréol',
    postcode: '13001',
    city: 'Marseille',
    phone: '+33 4 65 71 40 62',
    latitude: 43.2938,
    longitude: 5.378,
    radiusM: 200,
    openingHours: every([['10:00', '19:00']], [['10:00', '19:30']], []),
    region: 'provence',
    weight: 9,
    localities: [
      loc('Marseille', '13001', 43.2999, 5.3841, 2, 0.8),
      loc('Marseille', '13006', 43.287, 5.381, 2.5, 0.8),
      loc('Marseille', '13007', 43.283, 5.362, 2, 0.8),
      loc('Marseille', '13008', 43.254, 5.389, 2.5, 1.5),
      loc('Marseille', '13005', 43.293, 5.397, 1.5, 0.8),
      loc('Marseille', '13004', 43.307, 5.401, 1, 0.8),
      loc('Aix-en-Provence', '13100', 43.5297, 5.4474, 1.2, 2),
      loc('Aubagne', '13400', 43.2927, 5.5708, 0.6),
      loc('Cassis', '13260', 43.2145, 5.538, 0.3, 0.8),
    ],
  },
  {
    name: 'Maison Fauvette Bordeaux Intendance',
    address: "12 cours de l'Intendance",
    postcode: '33000',
    city: 'Bordeaux',
    phone: '+33 5 36 49 11 37',
    latitude: 44.8421,
    longitude: -0.5762,
    radiusM: 200,
    openingHours: TUE_TO_SAT('10:00', '19:00'),
    region: 'aquitaine',
    weight: 9,
    localities: [
      loc('Bordeaux', '33000', 44.8378, -0.5792, 4, 1.2),
      loc('Bordeaux', '33200', 44.848, -0.608, 1.5, 1),
      loc('Bordeaux', '33800', 44.824, -0.564, 1.2, 0.8),
      loc('Mérignac', '33700', 44.8386, -0.6436, 1.2, 2),
      loc('Pessac', '33600', 44.8067, -0.6311, 1, 1.8),
      loc('Talence', '33400', 44.808, -0.588, 1, 1),
      loc('Le Bouscat', '33110', 44.8656, -0.599, 0.8, 0.8),
      loc('Bègles', '33130', 44.8086, -0.5478, 0.6, 1),
    ],
  },
  {
    name: 'Maison Fauvette Vieux-Lille',
    address: '33 rue Esquermoise',
    postcode: '59800',
    city: 'Lille',
    phone: '+33 3 53 01 24 90',
    latitude: 50.638,
    longitude: 3.062,
    radiusM: 200,
    openingHours: every([['09:30', '19:00']], [['09:30', '19:30']], [['09:30', '13:00']]),
    region: 'nord',
    weight: 9,
    localities: [
      loc('Lille', '59000', 50.6292, 3.0573, 4, 1.2),
      loc('Lille', '59800', 50.64, 3.065, 2.5, 0.8),
      loc('Lambersart', '59130', 50.65, 3.025, 1, 0.8),
      loc('La Madeleine', '59110', 50.655, 3.071, 1, 0.6),
      loc('Marcq-en-Barœul', '59700', 50.6711, 3.0972, 1.2, 1.2),
      loc('Villeneuve-d’Ascq', '59650', 50.6233, 3.145, 1, 2),
      loc('Roubaix', '59100', 50.6942, 3.1746, 0.7, 1.5),
      loc('Tourcoing', '59200', 50.7239, 3.1612, 0.5, 1.5),
    ],
  },
  {
    name: 'Maison Fauvette Nantes Graslin',
    address: '9 rue Crébillon',
    postcode: '44000',
    city: 'Nantes',
    phone: '+33 2 61 91 08 52',
    latitude: 47.2134,
    longitude: -1.5605,
    radiusM: 200,
    openingHours: {
      ...TUE_TO_SAT('10:00', '19:00'),
      mon: [['14:00', '19:00']],
    },
    region: 'ouest',
    weight: 8,
    localities: [
      loc('Nantes', '44000', 47.2184, -1.5536, 4, 1.2),
      loc('Nantes', '44100', 47.205, -1.59, 1.2, 1),
      loc('Nantes', '44300', 47.248, -1.535, 1.2, 1.2),
      loc('Rezé', '44400', 47.1833, -1.55, 1, 1.2),
      loc('Saint-Herblain', '44800', 47.2122, -1.6497, 1, 1.5),
      loc('Orvault', '44700', 47.271, -1.622, 0.7, 1.5),
      loc('Saint-Sébastien-sur-Loire', '44230', 47.2081, -1.5014, 0.6),
      loc('Carquefou', '44470', 47.2975, -1.4914, 0.5, 1.5),
    ],
  },
  {
    name: 'Maison Fauvette Toulouse Capitole',
    address: '27 rue Saint-Rome',
    postcode: '31000',
    city: 'Toulouse',
    phone: '+33 5 36 49 52 06',
    latitude: 43.6025,
    longitude: 1.4434,
    radiusM: 500,
    openingHours: every([['10:00', '19:00']], [['10:00', '19:30']], []),
    region: 'occitanie',
    weight: 9,
    localities: [
      loc('Toulouse', '31000', 43.6047, 1.4442, 4, 0.8),
      loc('Toulouse', '31400', 43.58, 1.46, 1.5, 1.2),
      loc('Toulouse', '31500', 43.615, 1.475, 1.2, 1),
      loc('Toulouse', '31300', 43.595, 1.41, 1.2, 1),
      loc('Toulouse', '31200', 43.63, 1.44, 1, 1),
      loc('Blagnac', '31700', 43.637, 1.39, 0.8, 1.5),
      loc('Colomiers', '31770', 43.611, 1.335, 0.7, 1.5),
      loc('Balma', '31130', 43.611, 1.499, 0.6, 1.2),
      loc('Tournefeuille', '31170', 43.585, 1.344, 0.6, 1.5),
    ],
  },
  {
    name: 'Maison Fauvette Strasbourg Cathédrale',
    address: '14 rue des Hallebardes',
    postcode: '67000',
    city: 'Strasbourg',
    phone: '+33 3 53 01 67 15',
    latitude: 48.5822,
    longitude: 7.749,
    radiusM: 500,
    openingHours: every([['09:30', '19:00']], [['09:30', '19:00']], []),
    region: 'alsace',
    weight: 8,
    localities: [
      loc('Strasbourg', '67000', 48.5734, 7.7521, 4, 1.2),
      loc('Strasbourg', '67100', 48.555, 7.75, 1.5, 1.2),
      loc('Strasbourg', '67200', 48.58, 7.71, 1.2, 1.2),
      loc('Schiltigheim', '67300', 48.607, 7.75, 1, 1),
      loc('Illkirch-Graffenstaden', '67400', 48.53, 7.715, 0.8, 1.5),
      loc('Lingolsheim', '67380', 48.557, 7.683, 0.5, 1),
      loc('Bischheim', '67800', 48.616, 7.752, 0.5, 0.8),
      loc('Ostwald', '67540', 48.542, 7.71, 0.4, 1),
    ],
  },
];
