import type { DemoStory } from './demo-types.ts';

/**
 * Fictional demo content: six stories about the Union of Coastal States
 * (Union des États côtiers, UEC), headquartered in Port-Aurel.
 * All institutions, places and people are invented.
 */
export const DEMO_STORIES: DemoStory[] = [
  {
    slug: 'ministers-agree-ocean-monitoring-plan',
    publishedAt: '2026-11-19T10:00:00Z',
    fr: {
      title: 'Les ministres de l’UEC adoptent un plan commun de surveillance des océans',
      standfirst:
        'Réunis à Port-Aurel, les ministres de la Mer des États membres se sont accordés sur un réseau partagé de bouées et de satellites. Les premières données seront publiées dès le printemps.',
      body:
        'Après deux jours de discussions au siège de l’Union des États côtiers, les ministres chargés des affaires maritimes ont adopté jeudi un plan commun de surveillance des océans. Le texte prévoit le déploiement de quatre cents bouées connectées le long des côtes de l’Union et la mise en commun des observations satellitaires nationales.\n\n' +
        '« Pour la première fois, nos États regarderont la mer avec les mêmes yeux », a déclaré la secrétaire générale Ilse Marten à l’issue de la réunion. « La température de l’eau, le niveau de la mer et la santé des herbiers ne s’arrêtent pas aux frontières. Nos données non plus. »\n\n' +
        'Le réseau sera coordonné depuis un centre installé à Port-Aurel, qui publiera chaque semaine un bulletin ouvert au public, aux chercheurs et aux pêcheurs. Un budget de 180 millions d’unités de compte est prévu sur cinq ans, financé à parts égales par l’Union et les États membres.\n\n' +
        'Plusieurs délégations ont insisté sur la formation des équipes locales. « Une bouée ne sert à rien si personne ne sait l’entretenir », a rappelé la ministre de la Mer de Valmora, Agathe Lérin, qui a obtenu l’ouverture de trois centres de maintenance régionaux.\n\n' +
        'Les premières bouées seront mises à l’eau en mars. Le plan sera réexaminé lors de la prochaine réunion ministérielle, prévue à l’automne 2027.',
    },
    en: {
      title: 'UEC ministers adopt a joint plan to monitor the ocean',
      standfirst:
        'Meeting in Port-Aurel, maritime ministers from the member states agreed on a shared network of buoys and satellites. The first data will be published in the spring.',
      body:
        'After two days of talks at the headquarters of the Union of Coastal States, ministers responsible for maritime affairs on Thursday adopted a joint plan to monitor the ocean. It provides for four hundred connected buoys along the Union’s coastline and for national satellite observations to be pooled.\n\n' +
        '“For the first time, our states will look at the sea through the same eyes,” Secretary-General Ilse Marten said after the meeting. “Water temperature, sea level and the health of seagrass meadows do not stop at borders. Neither should our data.”\n\n' +
        'The network will be run from a centre in Port-Aurel, which will publish a weekly bulletin open to the public, to researchers and to fishing communities. A budget of 180 million units of account has been set aside over five years, shared equally between the Union and its member states.\n\n' +
        'Several delegations stressed the need to train local teams. “A buoy is useless if nobody knows how to maintain it,” said Valmora’s minister for the sea, Agathe Lérin, who secured the opening of three regional maintenance centres.\n\n' +
        'The first buoys will go into the water in March. Ministers will review the plan at their next meeting, scheduled for autumn 2027.',
    },
    videos: [
      {
        variant: 0,
        titleFr: 'Arrivée des ministres et tour de table d’ouverture',
        titleEn: 'Ministers arrive; opening round table',
        seconds: 20,
      },
    ],
  },
  {
    slug: 'states-sign-offshore-wind-grid-agreement',
    publishedAt: '2026-11-10T14:30:00Z',
    fr: {
      title: 'Éolien en mer : quatre États de l’UEC relient leurs réseaux électriques',
      standfirst:
        'Valmora, Estrand, Santelia et les îles Kerrow ont signé un accord pour raccorder leurs parcs éoliens en mer à un réseau commun. Les travaux doivent commencer en 2028.',
      body:
        'Les représentants de quatre États membres de l’Union des États côtiers ont signé lundi à Port-Aurel un accord pour construire un réseau électrique sous-marin commun. Il reliera six parcs éoliens en mer et permettra d’échanger l’électricité produite d’une côte à l’autre.\n\n' +
        'Le projet repose sur trois nouveaux câbles à haute tension, d’une longueur totale de 640 kilomètres, et sur deux plateformes de conversion installées au large. À terme, le réseau pourra acheminer l’équivalent de la consommation de quatre millions de foyers.\n\n' +
        '« Quand le vent faiblit chez nous, il souffle souvent chez nos voisins », a expliqué le commissaire à l’énergie, Jonas Vedel. « Partager nos réseaux, c’est partager cette chance et réduire la facture pour tout le monde. »\n\n' +
        'L’accord fixe aussi des règles communes pour la protection des fonds marins pendant les travaux. Les tracés des câbles éviteront les zones de frai et les récifs recensés par l’Observatoire côtier de l’Union.\n\n' +
        'Les études techniques dureront dix-huit mois. La mise en service de la première liaison, entre Estrand et les îles Kerrow, est attendue pour 2030.',
    },
    en: {
      title: 'Offshore wind: four UEC states agree to link their power grids',
      standfirst:
        'Valmora, Estrand, Santelia and the Kerrow Isles have signed an agreement to connect their offshore wind farms to a shared grid. Construction is due to start in 2028.',
      body:
        'Representatives of four member states of the Union of Coastal States on Monday signed an agreement in Port-Aurel to build a shared undersea power grid. It will connect six offshore wind farms and allow electricity to flow from one coast to another.\n\n' +
        'The project relies on three new high-voltage cables, 640 kilometres long in total, and on two offshore converter platforms. Once complete, the grid will be able to carry enough power for four million households.\n\n' +
        '“When the wind drops on our shores, it is often blowing on our neighbours’,” said Energy Commissioner Jonas Vedel. “Sharing our grids means sharing that luck, and lowering bills for everyone.”\n\n' +
        'The agreement also sets common rules to protect the seabed during construction. Cable routes will avoid spawning grounds and the reefs mapped by the Union’s Coastal Observatory.\n\n' +
        'Engineering studies will take eighteen months. The first link, between Estrand and the Kerrow Isles, is expected to enter service in 2030.',
    },
    videos: [
      {
        variant: 1,
        titleFr: 'Signature de l’accord et poignées de main des délégations',
        titleEn: 'Signing ceremony and handshakes between delegations',
        seconds: 20,
      },
    ],
  },
  {
    slug: 'youth-summit-on-climate-and-coasts',
    publishedAt: '2026-11-03T09:00:00Z',
    fr: {
      title: 'Climat et littoral : trois cents jeunes présentent leurs propositions à l’UEC',
      standfirst:
        'Pendant trois jours, des jeunes de tous les États membres ont débattu de l’avenir des côtes. Leur déclaration finale a été remise à la secrétaire générale.',
      body:
        'Trois cents jeunes âgés de seize à vingt-cinq ans se sont retrouvés à Port-Aurel pour le premier sommet de la jeunesse de l’Union des États côtiers consacré au climat et au littoral. Répartis en ateliers, ils ont travaillé sur l’érosion des plages, la pêche durable et l’adaptation des villes portuaires.\n\n' +
        'Leur déclaration finale contient vingt propositions, dont la création d’un service civique littoral et l’obligation de consulter les jeunes avant tout grand projet d’aménagement côtier. Le texte a été remis mardi à la secrétaire générale, Ilse Marten.\n\n' +
        '« Nous ne voulons pas seulement être écoutés, nous voulons être associés aux décisions », a lancé Maëlle Dorval, vingt ans, étudiante en océanographie et porte-parole du sommet. « C’est nous qui vivrons sur ces côtes en 2070. »\n\n' +
        'Ilse Marten s’est engagée à présenter la déclaration aux ministres dès leur prochaine réunion. « Plusieurs de ces idées peuvent être mises en œuvre rapidement, et certaines ne coûtent presque rien », a-t-elle souligné.\n\n' +
        'Le sommet doit désormais se tenir tous les deux ans, chaque fois dans un État membre différent.',
    },
    en: {
      title: 'Climate and coasts: 300 young people put their proposals to the UEC',
      standfirst:
        'For three days, young people from every member state debated the future of the coastline. Their final declaration was handed to the Secretary-General.',
      body:
        'Three hundred young people aged sixteen to twenty-five gathered in Port-Aurel for the first youth summit of the Union of Coastal States on climate and coasts. Working in small groups, they tackled beach erosion, sustainable fishing and how port cities can adapt.\n\n' +
        'Their final declaration sets out twenty proposals, including a coastal civic service and a requirement to consult young people before any major coastal development. It was handed to Secretary-General Ilse Marten on Tuesday.\n\n' +
        '“We do not just want to be heard, we want a say in the decisions,” said Maëlle Dorval, a 20-year-old oceanography student and the summit’s spokesperson. “We are the ones who will be living on these coasts in 2070.”\n\n' +
        'Ilse Marten pledged to put the declaration to ministers at their next meeting. “Several of these ideas can be put into practice quickly, and some cost almost nothing,” she said.\n\n' +
        'The summit will now take place every two years, each time in a different member state.',
    },
    videos: [
      {
        variant: 2,
        titleFr: 'Ateliers des jeunes délégués et remise de la déclaration finale',
        titleEn: 'Youth delegates in workshops; final declaration handed over',
        seconds: 20,
      },
    ],
  },
  {
    slug: 'new-research-vessel-launched-in-port-aurel',
    publishedAt: '2026-10-27T11:00:00Z',
    fr: {
      title: 'Le navire de recherche « Amarante » prend la mer à Port-Aurel',
      standfirst:
        'Premier navire scientifique de l’Union des États côtiers, l’« Amarante » a été mis à l’eau mardi. Il étudiera les fonds marins et les courants de la région.',
      body:
        'Sous les applaudissements de plusieurs centaines de personnes, le navire de recherche « Amarante » a glissé mardi matin dans les eaux du port de Port-Aurel. Long de 74 mètres, il est le premier bâtiment scientifique détenu en commun par les États membres de l’Union.\n\n' +
        'Le navire embarque vingt-huit chercheurs et dispose de six laboratoires, d’un robot sous-marin capable de descendre à 3 000 mètres et d’un système de propulsion hybride qui réduit de moitié sa consommation de carburant.\n\n' +
        '« Ce bateau appartient à tous nos États, et ses données appartiendront à tous les chercheurs », a déclaré la secrétaire générale, Ilse Marten, marraine du navire. Toutes les mesures recueillies à bord seront publiées en accès libre.\n\n' +
        'Sa capitaine, Oriane Kessel, a déjà navigué sur les principaux navires océanographiques de la région. « Nous allons travailler là où les données manquent le plus : les grands fonds et les zones côtières peu profondes », a-t-elle précisé.\n\n' +
        'Après plusieurs semaines d’essais en mer, l’« Amarante » partira en février pour sa première mission, consacrée à la cartographie des canyons sous-marins au large des îles Kerrow.',
    },
    en: {
      title: 'Research vessel Amarante takes to the water in Port-Aurel',
      standfirst:
        'The Union of Coastal States’ first research ship, the Amarante, was launched on Tuesday. She will study the seabed and ocean currents across the region.',
      body:
        'Cheered on by several hundred people, the research vessel Amarante slid into the harbour at Port-Aurel on Tuesday morning. At 74 metres long, she is the first scientific ship owned jointly by the Union’s member states.\n\n' +
        'The ship carries twenty-eight scientists and has six laboratories, an underwater robot able to dive to 3,000 metres and a hybrid propulsion system that halves her fuel consumption.\n\n' +
        '“This ship belongs to all our states, and her data will belong to every researcher,” said Secretary-General Ilse Marten, the vessel’s sponsor. All measurements collected on board will be published openly.\n\n' +
        'Her captain, Oriane Kessel, has served on the region’s leading oceanographic ships. “We will work where data are scarcest: the deep sea and shallow coastal waters,” she said.\n\n' +
        'After several weeks of sea trials, the Amarante will leave in February on her first mission, mapping the undersea canyons off the Kerrow Isles.',
    },
    videos: [
      {
        variant: 3,
        titleFr: 'Mise à l’eau du navire et visite des laboratoires à bord',
        titleEn: 'Ship launch and tour of the on-board laboratories',
        seconds: 20,
      },
    ],
  },
  {
    slug: 'flood-response-exercise-tests-cross-border-teams',
    publishedAt: '2026-10-15T08:30:00Z',
    fr: {
      title: 'Inondations : un exercice géant met à l’épreuve les secours de l’UEC',
      standfirst:
        'Plus de deux mille sauveteurs de cinq États membres ont simulé pendant deux jours une crue majeure dans l’estuaire de la Sorne. Un test grandeur nature pour la coordination des secours.',
      body:
        'Digues rompues, quartiers isolés, hôpital à évacuer : le scénario de l’exercice « Marée haute 26 » n’avait rien de rassurant. Pendant quarante-huit heures, plus de deux mille sauveteurs venus de cinq États membres de l’Union des États côtiers ont simulé une crue exceptionnelle dans l’estuaire de la Sorne.\n\n' +
        'Bateaux à fond plat, hélicoptères, pompes de grande capacité et drones de reconnaissance ont été déployés sur une zone de quarante kilomètres. Des centaines de volontaires jouaient le rôle d’habitants bloqués par les eaux.\n\n' +
        '« Dans une vraie catastrophe, on n’a pas le temps d’apprendre à travailler ensemble », a souligné le coordinateur de l’exercice, le colonel Hugo Brennec. « C’est maintenant qu’il faut découvrir que nos radios ne se parlent pas, pas le jour où l’eau monte. »\n\n' +
        'L’exercice a notamment révélé des difficultés dans le partage des cartes en temps réel entre équipes nationales. Un rapport sera remis d’ici la fin de l’année au commissaire chargé de la protection civile, Tomás Reyval.\n\n' +
        '« Nous avons appris plus en deux jours qu’en deux ans de réunions », a reconnu ce dernier, qui souhaite organiser un tel exercice chaque année.',
    },
    en: {
      title: 'Floods: a large-scale exercise puts UEC emergency teams to the test',
      standfirst:
        'More than 2,000 rescuers from five member states spent two days simulating a major flood in the Sorne estuary. It was a full-scale test of cross-border coordination.',
      body:
        'Breached dykes, cut-off neighbourhoods, a hospital to evacuate: the scenario for the “High Tide 26” exercise was anything but reassuring. For forty-eight hours, more than 2,000 rescuers from five member states of the Union of Coastal States simulated an exceptional flood in the Sorne estuary.\n\n' +
        'Flat-bottomed boats, helicopters, high-capacity pumps and reconnaissance drones were deployed across a forty-kilometre area. Hundreds of volunteers played residents stranded by the water.\n\n' +
        '“In a real disaster, there is no time to learn how to work together,” said the exercise coordinator, Colonel Hugo Brennec. “Now is the time to find out that our radios cannot talk to each other, not on the day the water rises.”\n\n' +
        'Among other things, the exercise revealed problems in sharing live maps between national teams. A report will be submitted by the end of the year to Civil Protection Commissioner Tomás Reyval.\n\n' +
        '“We learned more in two days than in two years of meetings,” he acknowledged, adding that he wants the exercise to become an annual event.',
    },
    videos: [
      {
        variant: 4,
        titleFr: 'Évacuation en bateau et survol de la zone inondée',
        titleEn: 'Boat evacuation and aerial views of the flooded area',
        seconds: 20,
      },
    ],
  },
  {
    slug: 'historic-lighthouse-restored-as-heritage-site',
    publishedAt: '2026-10-06T13:00:00Z',
    fr: {
      title: 'Le phare de la pointe Saint-Ivel rouvre ses portes après trois ans de travaux',
      standfirst:
        'Construit en 1862, le phare a été restauré avec le soutien de l’UEC et inscrit au patrimoine côtier de l’Union. Le public peut de nouveau gravir ses 214 marches.',
      body:
        'Après trois ans de chantier, le phare de la pointe Saint-Ivel, à une vingtaine de kilomètres de Port-Aurel, a rouvert lundi au public. Il devient le premier site inscrit au registre du patrimoine côtier de l’Union des États côtiers.\n\n' +
        'Les travaux ont permis de consolider la tour en granit, fragilisée par les tempêtes, et de restaurer la lanterne d’origine et sa lentille en verre taillé. La maison des gardiens accueille désormais un petit musée consacré à la vie des familles qui s’y sont succédé.\n\n' +
        '« Ce phare a guidé des générations de marins. Il guidera maintenant des générations de visiteurs », s’est réjouie Clara Mendès, commissaire chargée de la culture, lors de l’inauguration.\n\n' +
        'Parmi les invités figurait Rose Aubrac, quatre-vingt-onze ans, fille du dernier gardien du phare. « J’ai grandi là-haut, avec le bruit du vent et de la mer. Je suis heureuse que d’autres enfants puissent y monter », a-t-elle confié, émue.\n\n' +
        'Le phare est ouvert tous les jours d’avril à octobre, et les week-ends le reste de l’année. L’Union prévoit d’inscrire cinq autres sites à son registre d’ici 2028.',
    },
    en: {
      title: 'Saint-Ivel Point lighthouse reopens after three years of restoration',
      standfirst:
        'Built in 1862, the lighthouse has been restored with UEC support and listed as a coastal heritage site of the Union. Visitors can once again climb its 214 steps.',
      body:
        'After three years of work, the lighthouse at Saint-Ivel Point, some twenty kilometres from Port-Aurel, reopened to the public on Monday. It is the first site to be entered on the coastal heritage register of the Union of Coastal States.\n\n' +
        'The restoration strengthened the granite tower, weakened by storms, and brought back the original lantern and its cut-glass lens. The keepers’ house is now a small museum about the families who lived there over the years.\n\n' +
        '“This lighthouse guided generations of sailors. Now it will guide generations of visitors,” Culture Commissioner Clara Mendès said at the opening ceremony.\n\n' +
        'Among the guests was 91-year-old Rose Aubrac, daughter of the last lighthouse keeper. “I grew up up there, with the sound of the wind and the sea. I am glad other children can climb it now,” she said, visibly moved.\n\n' +
        'The lighthouse is open daily from April to October and at weekends for the rest of the year. The Union plans to add five more sites to its register by 2028.',
    },
    videos: [
      {
        variant: 5,
        titleFr: 'Inauguration du phare restauré et vues de la lanterne',
        titleEn: 'Opening of the restored lighthouse; views of the lantern',
        seconds: 20,
      },
    ],
  },
];
