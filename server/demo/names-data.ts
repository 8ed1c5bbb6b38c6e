import type { Region } from './stores-data.js';

/**
 * French first names by birth cohort (a Nathalie is rarely 20, an Inès rarely 60) and surnames with their regional
 * flavour. Each list runs from the most to the least common; the generator picks with a bias towards the top.
 */

export interface Cohort {
  /** Born from this year on (until the next cohort's). */
  from: number;
  female: readonly string[];
  male: readonly string[];
}

export const COHORTS: readonly Cohort[] = [
  {
    from: 0,
    female: [
      'Marie', 'Monique', 'Françoise', 'Nicole', 'Martine', 'Catherine', 'Christine', 'Sylvie', 'Jacqueline',
      'Michèle', 'Annie', 'Danielle', 'Chantal', 'Brigitte', 'Joëlle', 'Élisabeth', 'Josiane', 'Colette',
      'Évelyne', 'Marie-Claude', 'Anne-Marie', 'Geneviève', 'Odile', 'Claudine', 'Bernadette', 'Mireille',
    ],
    male: [
      'Jean', 'Michel', 'Alain', 'Bernard', 'Gérard', 'Patrick', 'Jacques', 'Daniel', 'Christian', 'Pierre',
      'Jean-Pierre', 'Philippe', 'Serge', 'André', 'Jean-Claude', 'Gilles', 'Yves', 'Guy', 'Jean-Paul', 'Francis',
      'Roger', 'Marcel', 'Jean-Louis', 'Robert', 'Henri', 'Georges',
    ],
  },
  {
    from: 1965,
    female: [
      'Nathalie', 'Isabelle', 'Sandrine', 'Valérie', 'Véronique', 'Sophie', 'Stéphanie', 'Christelle', 'Laurence',
      'Corinne', 'Karine', 'Florence', 'Céline', 'Virginie', 'Patricia', 'Delphine', 'Muriel', 'Pascale',
      'Frédérique', 'Hélène', 'Anne', 'Carole', 'Agnès', 'Nadia', 'Samia', 'Béatrice',
    ],
    male: [
      'Thierry', 'Pascal', 'Éric', 'Frédéric', 'Laurent', 'Stéphane', 'Olivier', 'David', 'Christophe', 'Didier',
      'Franck', 'Hervé', 'Bruno', 'Patrice', 'Jean-Marc', 'Lionel', 'Fabrice', 'Jérôme', 'Emmanuel', 'Arnaud',
      'Karim', 'Rachid', 'Xavier', 'Denis', 'Marc', 'Luc',
    ],
  },
  {
    from: 1980,
    female: [
      'Julie', 'Aurélie', 'Émilie', 'Élodie', 'Audrey', 'Mélanie', 'Laura', 'Caroline', 'Marion', 'Sarah',
      'Pauline', 'Claire', 'Charlotte', 'Amandine', 'Jessica', 'Marine', 'Laetitia', 'Justine', 'Alice', 'Vanessa',
      'Émeline', 'Myriam', 'Leïla', 'Morgane', 'Hélène', 'Coralie', 'Anaïs', 'Mathilde',
    ],
    male: [
      'Nicolas', 'Julien', 'Sébastien', 'Guillaume', 'Mathieu', 'Romain', 'Alexandre', 'Kévin', 'Jérémy',
      'Anthony', 'Benjamin', 'Florian', 'Adrien', 'Vincent', 'Mehdi', 'Damien', 'Loïc', 'Yannick', 'Cédric',
      'Jonathan', 'Sofiane', 'Benoît', 'Fabien', 'Thomas', 'Pierre', 'Antoine', 'Clément', 'Samuel',
    ],
  },
  {
    from: 1995,
    female: [
      'Léa', 'Manon', 'Chloé', 'Camille', 'Emma', 'Inès', 'Océane', 'Clara', 'Lucie', 'Jade', 'Lina', 'Zoé',
      'Louise', 'Juliette', 'Maëlys', 'Lola', 'Margaux', 'Élisa', 'Romane', 'Eva', 'Yasmine', 'Alicia', 'Noémie',
      'Salomé', 'Anaïs', 'Mathilde', 'Sarah', 'Marie', 'Lisa', 'Agathe',
    ],
    male: [
      'Lucas', 'Hugo', 'Théo', 'Nathan', 'Enzo', 'Louis', 'Maxime', 'Quentin', 'Mathis', 'Tom', 'Paul', 'Arthur',
      'Baptiste', 'Valentin', 'Yanis', 'Rayan', 'Adam', 'Gabriel', 'Raphaël', 'Jules', 'Corentin', 'Léo', 'Noah',
      'Victor', 'Axel', 'Ethan', 'Thomas', 'Alexandre', 'Clément', 'Antoine',
    ],
  },
];

/** For customers who chose 'other': names given to any gender in France. */
export const NEUTRAL_FIRST_NAMES: readonly string[] = [
  'Sacha', 'Charlie', 'Alix', 'Dominique', 'Claude', 'Morgan', 'Lou', 'Eden', 'Noa', 'Ange',
];

export const SURNAMES: readonly string[] = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon',
  'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont',
  'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André', 'Mercier', 'Blanc',
  'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia', 'Perrin', 'Robin',
  'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson', 'Marchand', 'Duval', 'Denis',
  'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly',
  'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Gérard', 'Roche', 'Renard',
  'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron', 'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine',
  'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe', 'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet',
  'Rolland', 'Leclercq', 'Guillaume', 'Lecomte', 'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger',
  'Carpentier', 'Sanchez', 'Dupuis', 'Moulin', 'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher',
  'Fleury', 'Royer', 'Klein', 'Jacquet', 'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles',
  'Renault', 'Charpentier', 'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez',
  'Le Gall', 'Collet', 'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Le Roux', 'Cousin',
  'Germain', 'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc',
  'Barré', 'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud',
  'Rodriguez', 'Guichard', 'Gillet', 'Étienne', 'Da Silva', 'Ferreira', 'Dos Santos', 'Nguyen', 'Benali',
  'Haddad', 'Diallo', 'Cohen', 'Traoré', 'Mansouri',
];

/** Surnames over-represented around each shop; mixed in with the national list. */
export const REGIONAL_SURNAMES: Readonly<Record<Region, readonly string[]>> = {
  paris: [
    'Da Silva', 'Ferreira', 'Dos Santos', 'Pereira', 'Nguyen', 'Tran', 'Benali', 'Haddad', 'Mansouri', 'Diallo',
    'Traoré', 'Cohen', 'Lévy', 'Rodrigues', 'Kaci', 'Hamidi', 'Bouaziz', 'Coulibaly', 'Martin', 'Petit',
  ],
  rhone: [
    'Girard', 'Bonnet', 'Perrin', 'Chevalier', 'Mercier', 'Guillot', 'Rey', 'Faure', 'Perret', 'Rousset',
    'Jacquet', 'Vial', 'Berthet', 'Guillon', 'Collomb', 'Chapuis', 'Ducret', 'Brun', 'Pinel', 'Chabert',
  ],
  provence: [
    'Martinez', 'Garcia', 'Rossi', 'Fabre', 'Blanc', 'Lopez', 'Giraud', 'Roux', 'Russo', 'Ferrari', 'Santini',
    'Sanchez', 'Ricci', 'Benhamou', 'Mari', 'Olive', 'Bonifay', 'Arnaud', 'Audibert', 'Michel',
  ],
  aquitaine: [
    'Dupuy', 'Lacoste', 'Lafon', 'Castaing', 'Lamarque', 'Bordes', 'Cazenave', 'Labat', 'Dufau', 'Dubos',
    'Ducos', 'Lalanne', 'Laffargue', 'Faure', 'Garcia', 'Martin', 'Lafitte', 'Darriet', 'Barrière', 'Duprat',
  ],
  nord: [
    'Lefebvre', 'Dubois', 'Leroy', 'Lemaire', 'Leclercq', 'Delattre', 'Delcroix', 'Vandenberghe', 'Dupont',
    'Lecomte', 'Desmet', 'Lefort', 'Deschamps', 'Carlier', 'Vasseur', 'Caron', 'Delannoy', 'Verhaeghe', 'Vanhove',
    'Hennebelle',
  ],
  ouest: [
    'Le Gall', 'Le Goff', 'Le Roux', 'Guillou', 'Tanguy', 'Le Bihan', 'Morvan', 'Le Floch', 'Hamon', 'Jaouen',
    'Le Corre', 'Riou', 'Prigent', 'Kerbrat', 'Gicquel', 'Cadiou', 'Le Moal', 'Guérin', 'Briand', 'Renaud',
  ],
  occitanie: [
    'Fabre', 'Marty', 'Vidal', 'Garcia', 'Roques', 'Bousquet', 'Carrère', 'Soulé', 'Mesplède', 'Pujol', 'Cabrol',
    'Lacombe', 'Azéma', 'Delpech', 'Rouquette', 'Lopez', 'Martinez', 'Bonnafous', 'Fourcade', 'Sabatier',
  ],
  alsace: [
    'Muller', 'Schmitt', 'Meyer', 'Klein', 'Weber', 'Schneider', 'Fischer', 'Wagner', 'Hoffmann', 'Koehler',
    'Zimmermann', 'Roth', 'Heitz', 'Kieffer', 'Ritter', 'Schaeffer', 'Wolff', 'Burger', 'Walter', 'Huber',
  ],
};
