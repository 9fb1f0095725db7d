// Corpus B's vocabulary: deliberately none of the stand-in's (src/stand-in/seed/fictional-people.ts).
// Names from Ghanaian, Nigerian, Polish, Welsh, Irish, Scottish, South Asian, Somali, Turkish, Romanian,
// Vietnamese and English usage; Welsh place and street names; all people are fictional.
export const GIVEN_NAMES = [
  'Kwame', 'Ama', 'Kofi', 'Abena', 'Tomasz', 'Agnieszka', 'Katarzyna', 'Piotr', 'Dafydd', 'Ffion', 'Rhiannon',
  'Gethin', 'Siân', 'Cerys', 'Iolo', 'Aoife', 'Siobhán', 'Cathal', 'Ngozi', 'Chidi', 'Oluwaseun', 'Aisha', 'Imran',
  'Farah', 'Priya', 'Harjeet', 'Gurpreet', 'Minh', 'Bogdan', 'Ionela', 'Mehmet', 'Ayşe', 'Zainab', 'Hamza',
  'Tobias', 'Sarah', 'Gareth', 'Leanne', 'Darren', 'Kerry', 'Bethan', 'Rhys', 'Owain', 'Mared', 'Eilidh', 'Ruaridh',
  'Hodan', 'Abdirahman', 'Lwazi', 'Yusuf', 'Małgorzata', 'Łukasz', 'Jean-Luc', 'Anne-Marie', 'Thi Lan', 'Mary Ellen',
];
export const SURNAMES = [
  'Asante', 'Mensah', 'Owusu', 'Boateng', 'Wiśniewska', 'Kowalczyk', 'Nowak', 'Zielińska', 'Price', 'Llewellyn',
  'Pritchard', 'Vaughan-Jones', "O'Connor-Byrne", "O'Sullivan", 'MacLeod', 'Okonkwo', 'Adeyemi', 'Rahman', 'Hussain',
  'Chaudhry', 'Sandhu', 'Nguyen', 'Tran', 'Popescu', 'Yılmaz', 'Demir', 'Whitlock', 'Ashworth', 'Hargreaves',
  'Pennington', 'Sutcliffe', 'Braithwaite', "D'Souza", 'Al-Masri', 'Abdi', 'Warsame', 'Fenton', 'Gwilym', 'Cadwaladr',
  'McAllister', 'Ó Murchú', 'Bhattacharya', 'Dlamini', 'Kaczmarek', 'Bevan', 'Rees-Mogg', 'Haddad', 'Lindsay-Hogg',
];
export const OCCUPATIONS = ['Care worker', 'Bus driver', 'Student', 'Retired', 'Shop assistant', 'Nurse', 'Electrician', 'Unemployed', 'Chef', 'Delivery driver'];
export const RANKS = [
  ['PC', true], ['DC', true], ['DS', false], ['Sgt', true], ['PS', true], ['Insp', false], ['DI', false], ['Detective Constable', false], ['Police Constable', true],
];
export const TITLES = ['Dr', 'Ms.', 'Mrs', 'Mr', 'Miss', 'Mx', 'Dr.', 'Mr.'];
export const KIN = ['sister', 'brother', 'mother', 'father', 'partner', 'son', 'daughter', 'cousin', 'husband', 'wife', 'uncle', 'aunt', 'nephew', 'niece', 'stepdaughter', 'grandson'];
/** Towns and their postcode areas: shapes only; no address below names a real property. */
export const TOWNS = [
  ['Cardiff', 'CF'], ['Swansea', 'SA'], ['Llandeilo', 'SA'], ['Bangor', 'LL'], ['Caernarfon', 'LL'], ['Aberystwyth', 'SY'],
  ['Newport', 'NP'], ['Thornbury', 'BS'], ['Chepstow', 'NP'], ['Pontypridd', 'CF'], ['Merthyr Tydfil', 'CF'], ['Bristol', 'BS'],
  ['Wrexham', 'LL'], ['Carmarthen', 'SA'], ['Abergavenny', 'NP'],
];
/** Street names with no English street keyword (Welsh: Heol, Ffordd, Stryd, Lôn, Maes, Cae, Bryn, Ystad; or bare names). */
export const KEYWORDLESS_STREETS = [
  'Heol y Nant', 'Heol Isaf', 'Ffordd yr Afon', 'Stryd Fawr', 'Lôn Las', 'Maes y Deri', 'Cae Glas', 'Bryn Teg', 'Heol Dewi Sant',
  'Kingsmead', 'The Paddocks', 'Highfields', 'Coed y Brenin', 'Tŷ Gwyn Estate', 'Pen y Bryn', 'Llys Gwilym', 'Nant Gwyn', 'Greenacres',
];
export const KEYWORD_STREETS = ['Church Street', 'Mill Lane', 'Station Road', 'Clive Terrace', 'Bute Street', 'Wind Street', 'Grove Place', 'Ashfield Close'];
export const HOUSE_NAMES = ['The Old Forge', 'Rose Cottage', 'Ty Coch', 'Bryn Awel', 'The Granary', 'Hafod', 'Sunnyside', 'Pen y Graig Farm'];
export const VENUES = ['the Red Lion public house', 'the Co-op on the high street', 'the bus station', 'the Spar shop', 'the car park of the leisure centre', 'the play park', 'the takeaway', 'the petrol station forecourt'];
export const COURTS = ['Cardiff Crown Court', 'Swansea Crown Court', 'Newport Magistrates\' Court', 'Bristol Crown Court', 'Caernarfon Justice Centre', 'Merthyr Tydfil Combined Court'];
export const FORCES = ['South Wales Police', 'Gwent Police', 'Dyfed-Powys Police', 'North Wales Police', 'Avon and Somerset Constabulary'];
export const STATIONS = ['Cardiff Bay Police Station', 'Swansea Central Police Station', 'Newport Central Police Station', 'Bangor Police Station', 'Llanelli Police Station'];
export const STATUTES = [
  's.18 Offences Against the Person Act 1861', 's.47 Offences Against the Person Act 1861', 's.4 Public Order Act 1986',
  's.1 Theft Act 1968', 's.9 Theft Act 1968', 's.39 Criminal Justice Act 1988', 's.1 Criminal Damage Act 1971',
  's.5 Misuse of Drugs Act 1971', 's.76 Serious Crime Act 2015', 'section 2A Protection from Harassment Act 1997',
];
export const HOSPITALS = ['the University Hospital of Wales', 'Morriston Hospital', 'the Royal Gwent Hospital', 'Ysbyty Gwynedd', 'Southmead Hospital'];
