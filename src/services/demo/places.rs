//! What the demonstration registry is drawn from: the countries of origin
//! with their names, languages and towns, the countries of residence with
//! their cities and time zones, and the regional programmes.

/// A country health workers come from.
pub struct Origin {
    pub code: &'static str,
    /// Share of the registry, per thousand.
    pub weight: u32,
    /// French is the language of work at home (the account's locale).
    pub francophone: bool,
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    /// Mother tongues (ISO 639-1) and how common each is.
    pub mother_tongues: &'static [(&'static str, u32)],
    /// The language of work at home, spoken at a professional level.
    pub official: &'static str,
    pub abroad: Abroad,
    /// Towns with a facility, with their region.
    pub towns: &'static [(&'static str, &'static str)],
}

/// Where people from a country tend to live abroad.
#[derive(Clone, Copy)]
pub enum Abroad {
    Anglophone,
    Francophone,
    SouthAsia,
    Philippines,
}

impl Abroad {
    pub fn residences(self) -> &'static [(&'static str, u32)] {
        match self {
            Abroad::Anglophone => &[
                ("GB", 35),
                ("US", 30),
                ("CA", 10),
                ("IE", 6),
                ("AU", 6),
                ("SA", 6),
                ("AE", 4),
                ("DE", 2),
                ("NL", 1),
            ],
            Abroad::Francophone => &[
                ("FR", 45),
                ("BE", 20),
                ("CA", 15),
                ("US", 8),
                ("DE", 5),
                ("GB", 4),
                ("NL", 3),
            ],
            Abroad::SouthAsia => &[
                ("GB", 30),
                ("US", 20),
                ("AE", 15),
                ("SA", 15),
                ("CA", 8),
                ("AU", 8),
                ("IE", 4),
            ],
            Abroad::Philippines => &[
                ("US", 35),
                ("SA", 20),
                ("AE", 12),
                ("GB", 12),
                ("CA", 10),
                ("AU", 6),
                ("IE", 5),
            ],
        }
    }
}

/// A receiving country: the language spoken there and cities with their zone.
pub struct Residence {
    pub code: &'static str,
    pub language: &'static str,
    pub cities: &'static [(&'static str, &'static str)],
}

pub const RESIDENCES: &[Residence] = &[
    Residence {
        code: "GB",
        language: "en",
        cities: &[
            ("London", "Europe/London"),
            ("Manchester", "Europe/London"),
            ("Birmingham", "Europe/London"),
            ("Leeds", "Europe/London"),
            ("Glasgow", "Europe/London"),
            ("Leicester", "Europe/London"),
        ],
    },
    Residence {
        code: "US",
        language: "en",
        cities: &[
            ("New York", "America/New_York"),
            ("Houston", "America/Chicago"),
            ("Atlanta", "America/New_York"),
            ("Washington", "America/New_York"),
            ("Minneapolis", "America/Chicago"),
            ("Los Angeles", "America/Los_Angeles"),
            ("Dallas", "America/Chicago"),
        ],
    },
    Residence {
        code: "CA",
        language: "en",
        cities: &[
            ("Toronto", "America/Toronto"),
            ("Montréal", "America/Toronto"),
            ("Ottawa", "America/Toronto"),
            ("Calgary", "America/Edmonton"),
            ("Vancouver", "America/Vancouver"),
            ("Winnipeg", "America/Winnipeg"),
        ],
    },
    Residence {
        code: "FR",
        language: "fr",
        cities: &[
            ("Paris", "Europe/Paris"),
            ("Lyon", "Europe/Paris"),
            ("Marseille", "Europe/Paris"),
            ("Lille", "Europe/Paris"),
            ("Bordeaux", "Europe/Paris"),
            ("Toulouse", "Europe/Paris"),
        ],
    },
    Residence {
        code: "DE",
        language: "de",
        cities: &[
            ("Berlin", "Europe/Berlin"),
            ("Hamburg", "Europe/Berlin"),
            ("Frankfurt am Main", "Europe/Berlin"),
            ("München", "Europe/Berlin"),
            ("Köln", "Europe/Berlin"),
        ],
    },
    Residence {
        code: "NL",
        language: "nl",
        cities: &[
            ("Amsterdam", "Europe/Amsterdam"),
            ("Rotterdam", "Europe/Amsterdam"),
            ("Utrecht", "Europe/Amsterdam"),
            ("Den Haag", "Europe/Amsterdam"),
        ],
    },
    Residence {
        code: "BE",
        language: "fr",
        cities: &[
            ("Bruxelles", "Europe/Brussels"),
            ("Liège", "Europe/Brussels"),
            ("Charleroi", "Europe/Brussels"),
            ("Namur", "Europe/Brussels"),
        ],
    },
    Residence {
        code: "IE",
        language: "en",
        cities: &[
            ("Dublin", "Europe/Dublin"),
            ("Cork", "Europe/Dublin"),
            ("Galway", "Europe/Dublin"),
            ("Limerick", "Europe/Dublin"),
        ],
    },
    Residence {
        code: "AU",
        language: "en",
        cities: &[
            ("Sydney", "Australia/Sydney"),
            ("Melbourne", "Australia/Melbourne"),
            ("Brisbane", "Australia/Brisbane"),
            ("Perth", "Australia/Perth"),
            ("Adelaide", "Australia/Adelaide"),
        ],
    },
    Residence {
        code: "SA",
        language: "ar",
        cities: &[
            ("Riyadh", "Asia/Riyadh"),
            ("Jeddah", "Asia/Riyadh"),
            ("Dammam", "Asia/Riyadh"),
        ],
    },
    Residence {
        code: "AE",
        language: "ar",
        cities: &[
            ("Dubai", "Asia/Dubai"),
            ("Abu Dhabi", "Asia/Dubai"),
            ("Sharjah", "Asia/Dubai"),
        ],
    },
];

pub fn residence(code: &str) -> Option<&'static Residence> {
    RESIDENCES.iter().find(|r| r.code == code)
}

pub fn origin(code: &str) -> Option<&'static Origin> {
    ORIGINS.iter().find(|o| o.code == code)
}

/// A regional programme of the demonstration, with its origin countries.
pub struct Region {
    pub code: &'static str,
    pub name_en: &'static str,
    pub name_fr: &'static str,
    pub countries: &'static [&'static str],
}

pub const REGIONS: &[Region] = &[
    Region {
        code: "WEST-AFRICA",
        name_en: "West Africa",
        name_fr: "Afrique de l’Ouest",
        countries: &["CI", "GH", "NG", "SN"],
    },
    Region {
        code: "CENTRAL-AFRICA",
        name_en: "Central Africa",
        name_fr: "Afrique centrale",
        countries: &["CM"],
    },
    Region {
        code: "GREAT-LAKES",
        name_en: "Great Lakes",
        name_fr: "Grands Lacs",
        countries: &["BI", "CD", "RW"],
    },
    Region {
        code: "EAST-AFRICA",
        name_en: "East Africa",
        name_fr: "Afrique de l’Est",
        countries: &["ET", "KE", "SO", "TZ", "UG"],
    },
    Region {
        code: "SOUTHERN-AFRICA",
        name_en: "Southern Africa",
        name_fr: "Afrique australe",
        countries: &["ZA", "ZM", "ZW"],
    },
    Region {
        code: "SOUTH-ASIA",
        name_en: "South Asia",
        name_fr: "Asie du Sud",
        countries: &["IN", "PK"],
    },
    Region {
        code: "SOUTH-EAST-ASIA",
        name_en: "South-East Asia",
        name_fr: "Asie du Sud-Est",
        countries: &["PH"],
    },
];

/// The programme whose countries include `origin`.
pub fn region_of(origin: &str) -> Option<usize> {
    REGIONS.iter().position(|r| r.countries.contains(&origin))
}

pub const ORIGINS: &[Origin] = &[
    Origin {
        code: "NG",
        weight: 200,
        francophone: false,
        first_names: &[
            "Chinedu",
            "Ngozi",
            "Adebayo",
            "Funmilayo",
            "Emeka",
            "Amaka",
            "Oluwaseun",
            "Aisha",
            "Ibrahim",
            "Chiamaka",
            "Tunde",
            "Folake",
            "Uchenna",
            "Zainab",
            "Babatunde",
            "Nneka",
        ],
        last_names: &[
            "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Bello", "Nwosu", "Ogunleye",
            "Abubakar", "Obi", "Okoro", "Afolabi", "Umar", "Chukwu",
        ],
        mother_tongues: &[("yo", 35), ("ig", 30), ("ha", 25), ("en", 10)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Lagos", "Lagos"),
            ("Ibadan", "Oyo"),
            ("Kano", "Kano"),
            ("Enugu", "Enugu"),
            ("Abuja", "Federal Capital Territory"),
            ("Port Harcourt", "Rivers"),
        ],
    },
    Origin {
        code: "GH",
        weight: 80,
        francophone: false,
        first_names: &[
            "Kwame", "Ama", "Kofi", "Akosua", "Yaw", "Abena", "Kwabena", "Efua", "Kojo", "Adwoa",
            "Kwesi", "Esi", "Nana", "Afia",
        ],
        last_names: &[
            "Mensah", "Owusu", "Boateng", "Asante", "Osei", "Appiah", "Agyeman", "Darko", "Ofori",
            "Amoah", "Quaye", "Tetteh", "Addo", "Sarpong",
        ],
        mother_tongues: &[("ak", 70), ("ee", 30)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Accra", "Greater Accra"),
            ("Kumasi", "Ashanti"),
            ("Tamale", "Northern"),
            ("Cape Coast", "Central"),
            ("Ho", "Volta"),
        ],
    },
    Origin {
        code: "SN",
        weight: 25,
        francophone: true,
        first_names: &[
            "Mamadou",
            "Fatou",
            "Ousmane",
            "Aminata",
            "Cheikh",
            "Awa",
            "Moussa",
            "Khady",
            "Ibrahima",
            "Mariama",
            "Abdoulaye",
            "Ndeye",
        ],
        last_names: &[
            "Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Gueye", "Faye", "Sarr", "Mbaye", "Ba",
            "Cissé", "Sy",
        ],
        mother_tongues: &[("wo", 80), ("ff", 20)],
        official: "fr",
        abroad: Abroad::Francophone,
        towns: &[
            ("Dakar", "Dakar"),
            ("Thiès", "Thiès"),
            ("Saint-Louis", "Saint-Louis"),
            ("Ziguinchor", "Ziguinchor"),
        ],
    },
    Origin {
        code: "CI",
        weight: 20,
        francophone: true,
        first_names: &[
            "Kouassi",
            "Adjoua",
            "Yao",
            "Aya",
            "Konan",
            "Affoué",
            "Koffi",
            "Amenan",
            "Serge",
            "Mariam",
            "Didier",
            "Christelle",
        ],
        last_names: &[
            "Kouamé",
            "Koné",
            "Traoré",
            "Ouattara",
            "N’Guessan",
            "Bamba",
            "Kouadio",
            "Coulibaly",
            "Touré",
            "Diabaté",
            "Aka",
            "Yapi",
        ],
        mother_tongues: &[("fr", 60), ("bm", 25), ("ak", 15)],
        official: "fr",
        abroad: Abroad::Francophone,
        towns: &[
            ("Abidjan", "Abidjan"),
            ("Bouaké", "Vallée du Bandama"),
            ("Yamoussoukro", "Yamoussoukro"),
            ("Korhogo", "Savanes"),
        ],
    },
    Origin {
        code: "CM",
        weight: 45,
        francophone: true,
        first_names: &[
            "Jean-Pierre",
            "Brigitte",
            "Emmanuel",
            "Pauline",
            "Hervé",
            "Solange",
            "Achille",
            "Josiane",
            "Blaise",
            "Estelle",
            "Ngwa",
            "Comfort",
        ],
        last_names: &[
            "Mbarga", "Nkoulou", "Fotso", "Kamga", "Tchoupo", "Ngono", "Essomba", "Tchinda",
            "Atangana", "Mbah", "Fon", "Nji",
        ],
        mother_tongues: &[("fr", 60), ("en", 20), ("ff", 20)],
        official: "fr",
        abroad: Abroad::Francophone,
        towns: &[
            ("Yaoundé", "Centre"),
            ("Douala", "Littoral"),
            ("Bamenda", "Nord-Ouest"),
            ("Garoua", "Nord"),
            ("Buea", "Sud-Ouest"),
        ],
    },
    Origin {
        code: "CD",
        weight: 35,
        francophone: true,
        first_names: &[
            "Jean-Claude",
            "Mireille",
            "Patrick",
            "Nathalie",
            "Didier",
            "Chantal",
            "Fiston",
            "Gloire",
            "Trésor",
            "Grâce",
            "Papy",
            "Esther",
        ],
        last_names: &[
            "Mukendi",
            "Kalala",
            "Ilunga",
            "Tshibangu",
            "Mbuyi",
            "Kasongo",
            "Lukusa",
            "Kabongo",
            "Mwamba",
            "Ngoy",
            "Nsimba",
            "Mutombo",
        ],
        mother_tongues: &[("ln", 50), ("sw", 30), ("lu", 20)],
        official: "fr",
        abroad: Abroad::Francophone,
        towns: &[
            ("Kinshasa", "Kinshasa"),
            ("Lubumbashi", "Haut-Katanga"),
            ("Goma", "Nord-Kivu"),
            ("Bukavu", "Sud-Kivu"),
            ("Kisangani", "Tshopo"),
        ],
    },
    Origin {
        code: "RW",
        weight: 12,
        francophone: true,
        first_names: &[
            "Jean-Baptiste",
            "Claudine",
            "Emmanuel",
            "Aline",
            "Eric",
            "Diane",
            "Olivier",
            "Josiane",
            "Innocent",
            "Solange",
            "Patrick",
            "Alice",
        ],
        last_names: &[
            "Habimana",
            "Uwimana",
            "Mugisha",
            "Niyonsaba",
            "Nshimiyimana",
            "Mukamana",
            "Hakizimana",
            "Uwase",
            "Ndayisaba",
            "Ingabire",
            "Bizimana",
            "Mutesi",
        ],
        mother_tongues: &[("rw", 100)],
        official: "fr",
        abroad: Abroad::Francophone,
        towns: &[
            ("Kigali", "Kigali"),
            ("Huye", "Southern"),
            ("Musanze", "Northern"),
            ("Rubavu", "Western"),
        ],
    },
    Origin {
        code: "BI",
        weight: 6,
        francophone: true,
        first_names: &[
            "Jean-Marie",
            "Aline",
            "Désiré",
            "Francine",
            "Gervais",
            "Nadine",
            "Pacifique",
            "Odette",
            "Fabrice",
            "Jeanine",
        ],
        last_names: &[
            "Ndayishimiye",
            "Niyonzima",
            "Nkurunziza",
            "Hakizimana",
            "Irakoze",
            "Manirakiza",
            "Ndikumana",
            "Bigirimana",
            "Nsabimana",
            "Nimbona",
        ],
        mother_tongues: &[("rn", 100)],
        official: "fr",
        abroad: Abroad::Francophone,
        towns: &[
            ("Bujumbura", "Bujumbura Mairie"),
            ("Gitega", "Gitega"),
            ("Ngozi", "Ngozi"),
        ],
    },
    Origin {
        code: "KE",
        weight: 75,
        francophone: false,
        first_names: &[
            "Grace", "Peter", "Mercy", "David", "Faith", "Brian", "Wanjiru", "Achieng", "Kamau",
            "Njeri", "Kiprop", "Chebet",
        ],
        last_names: &[
            "Mwangi",
            "Otieno",
            "Kamau",
            "Odhiambo",
            "Kariuki",
            "Wanjiku",
            "Kiprotich",
            "Ochieng",
            "Njoroge",
            "Mutua",
            "Cheruiyot",
            "Omondi",
        ],
        mother_tongues: &[("sw", 70), ("ki", 30)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Nairobi", "Nairobi"),
            ("Mombasa", "Mombasa"),
            ("Kisumu", "Kisumu"),
            ("Eldoret", "Uasin Gishu"),
            ("Nakuru", "Nakuru"),
        ],
    },
    Origin {
        code: "UG",
        weight: 30,
        francophone: false,
        first_names: &[
            "Sarah", "Moses", "Esther", "Joseph", "Prossy", "Ivan", "Brenda", "Ronald", "Agnes",
            "Isaac", "Doreen", "Denis",
        ],
        last_names: &[
            "Nakato",
            "Ssempala",
            "Namukasa",
            "Okello",
            "Mugisha",
            "Nabirye",
            "Kato",
            "Auma",
            "Tumusiime",
            "Nantongo",
            "Byaruhanga",
            "Akello",
        ],
        mother_tongues: &[("lg", 75), ("sw", 25)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Kampala", "Central"),
            ("Gulu", "Northern"),
            ("Mbarara", "Western"),
            ("Jinja", "Eastern"),
        ],
    },
    Origin {
        code: "TZ",
        weight: 15,
        francophone: false,
        first_names: &[
            "Neema", "Juma", "Rehema", "Baraka", "Zawadi", "Hamisi", "Upendo", "Emmanuel",
            "Mwanaidi", "Godfrey",
        ],
        last_names: &[
            "Mwakyusa", "Massawe", "Msuya", "Kimaro", "Mollel", "Shirima", "Mushi", "Lyimo",
            "Swai", "Mrema", "Temba",
        ],
        mother_tongues: &[("sw", 100)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Dar es Salaam", "Dar es Salaam"),
            ("Dodoma", "Dodoma"),
            ("Mwanza", "Mwanza"),
            ("Arusha", "Arusha"),
            ("Moshi", "Kilimanjaro"),
        ],
    },
    Origin {
        code: "ET",
        weight: 40,
        francophone: false,
        first_names: &[
            "Abebe",
            "Tigist",
            "Dawit",
            "Selam",
            "Mulugeta",
            "Hana",
            "Yohannes",
            "Meseret",
            "Getachew",
            "Bethlehem",
            "Tesfaye",
            "Liya",
        ],
        last_names: &[
            "Bekele", "Tadesse", "Haile", "Girma", "Alemu", "Mekonnen", "Kebede", "Wolde",
            "Assefa", "Desta", "Gebre", "Tesfaye",
        ],
        mother_tongues: &[("am", 70), ("om", 20), ("ti", 10)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Addis Ababa", "Addis Ababa"),
            ("Gondar", "Amhara"),
            ("Mekelle", "Tigray"),
            ("Hawassa", "Sidama"),
            ("Jimma", "Oromia"),
        ],
    },
    Origin {
        code: "SO",
        weight: 15,
        francophone: false,
        first_names: &[
            "Mohamed",
            "Amina",
            "Abdirahman",
            "Hodan",
            "Ahmed",
            "Fadumo",
            "Hassan",
            "Sahra",
            "Abdullahi",
            "Ifrah",
            "Yusuf",
            "Nimco",
        ],
        last_names: &[
            "Warsame", "Abdi", "Farah", "Hussein", "Omar", "Jama", "Aden", "Ali", "Osman", "Hirsi",
            "Dahir", "Ismail",
        ],
        mother_tongues: &[("so", 100)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Mogadishu", "Banaadir"),
            ("Hargeisa", "Woqooyi Galbeed"),
            ("Baidoa", "Bay"),
            ("Kismayo", "Jubbada Hoose"),
        ],
    },
    Origin {
        code: "ZW",
        weight: 70,
        francophone: false,
        first_names: &[
            "Tendai",
            "Rutendo",
            "Tatenda",
            "Chipo",
            "Farai",
            "Nyasha",
            "Tafadzwa",
            "Rumbidzai",
            "Simbarashe",
            "Vimbai",
            "Kudzai",
            "Tsitsi",
        ],
        last_names: &[
            "Moyo",
            "Ncube",
            "Sibanda",
            "Dube",
            "Mpofu",
            "Chikwanha",
            "Mutasa",
            "Chiweshe",
            "Nyathi",
            "Gumbo",
            "Marufu",
            "Zhou",
        ],
        mother_tongues: &[("sn", 75), ("nd", 25)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Harare", "Harare"),
            ("Bulawayo", "Bulawayo"),
            ("Mutare", "Manicaland"),
            ("Gweru", "Midlands"),
            ("Masvingo", "Masvingo"),
        ],
    },
    Origin {
        code: "ZA",
        weight: 40,
        francophone: false,
        first_names: &[
            "Thabo", "Nomvula", "Sipho", "Lerato", "Mandla", "Zanele", "Bongani", "Ayanda",
            "Pieter", "Anele", "Lindiwe", "Themba",
        ],
        last_names: &[
            "Nkosi",
            "Dlamini",
            "Mokoena",
            "Khumalo",
            "Ndlovu",
            "Mthembu",
            "van der Merwe",
            "Botha",
            "Zulu",
            "Mahlangu",
            "Naidoo",
            "Molefe",
        ],
        mother_tongues: &[("zu", 35), ("xh", 25), ("af", 20), ("en", 20)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Johannesburg", "Gauteng"),
            ("Cape Town", "Western Cape"),
            ("Durban", "KwaZulu-Natal"),
            ("Pretoria", "Gauteng"),
            ("Gqeberha", "Eastern Cape"),
            ("Polokwane", "Limpopo"),
        ],
    },
    Origin {
        code: "ZM",
        weight: 12,
        francophone: false,
        first_names: &[
            "Mwila", "Chanda", "Mulenga", "Bwalya", "Natasha", "Kelvin", "Mutinta", "Chilufya",
            "Lweendo", "Precious",
        ],
        last_names: &[
            "Banda", "Phiri", "Mwale", "Tembo", "Zulu", "Mumba", "Chola", "Musonda", "Lungu",
            "Sakala",
        ],
        mother_tongues: &[("ny", 100)],
        official: "en",
        abroad: Abroad::Anglophone,
        towns: &[
            ("Lusaka", "Lusaka"),
            ("Ndola", "Copperbelt"),
            ("Kitwe", "Copperbelt"),
            ("Livingstone", "Southern"),
        ],
    },
    Origin {
        code: "IN",
        weight: 130,
        francophone: false,
        first_names: &[
            "Priya", "Rahul", "Anjali", "Arjun", "Deepa", "Vikram", "Lakshmi", "Sanjay", "Sneha",
            "Anil", "Meera", "Joseph", "Reshma", "Suresh",
        ],
        last_names: &[
            "Sharma", "Nair", "Patel", "Menon", "Reddy", "Iyer", "Kumar", "Singh", "Thomas",
            "Pillai", "Gupta", "Varghese", "Das", "Joshi",
        ],
        mother_tongues: &[("hi", 40), ("ml", 30), ("ta", 15), ("pa", 15)],
        official: "en",
        abroad: Abroad::SouthAsia,
        towns: &[
            ("Kochi", "Kerala"),
            ("Thiruvananthapuram", "Kerala"),
            ("Chennai", "Tamil Nadu"),
            ("Delhi", "Delhi"),
            ("Mumbai", "Maharashtra"),
            ("Lucknow", "Uttar Pradesh"),
            ("Amritsar", "Punjab"),
        ],
    },
    Origin {
        code: "PK",
        weight: 40,
        francophone: false,
        first_names: &[
            "Ayesha", "Ahmed", "Fatima", "Bilal", "Sana", "Imran", "Hira", "Usman", "Maryam",
            "Faisal", "Zainab", "Kamran",
        ],
        last_names: &[
            "Khan", "Malik", "Qureshi", "Chaudhry", "Butt", "Sheikh", "Raza", "Hussain", "Javed",
            "Siddiqui", "Akhtar", "Mirza",
        ],
        mother_tongues: &[("ur", 60), ("pa", 40)],
        official: "en",
        abroad: Abroad::SouthAsia,
        towns: &[
            ("Lahore", "Punjab"),
            ("Karachi", "Sindh"),
            ("Peshawar", "Khyber Pakhtunkhwa"),
            ("Islamabad", "Islamabad Capital Territory"),
            ("Quetta", "Balochistan"),
        ],
    },
    Origin {
        code: "PH",
        weight: 110,
        francophone: false,
        first_names: &[
            "Maria",
            "Jose",
            "Ana",
            "Mark",
            "Kristine",
            "John Paul",
            "Mary Grace",
            "Rommel",
            "Jocelyn",
            "Arnel",
            "Liza",
            "Rodel",
        ],
        last_names: &[
            "Santos",
            "Reyes",
            "Cruz",
            "Bautista",
            "Garcia",
            "Mendoza",
            "Dela Cruz",
            "Villanueva",
            "Ramos",
            "Aquino",
            "Castillo",
            "Flores",
        ],
        mother_tongues: &[("tl", 100)],
        official: "en",
        abroad: Abroad::Philippines,
        towns: &[
            ("Manila", "Metro Manila"),
            ("Cebu City", "Central Visayas"),
            ("Davao City", "Davao"),
            ("Iloilo City", "Western Visayas"),
            ("Baguio", "Cordillera"),
        ],
    },
];

/// Professions (ISCO-08 unit groups) and their share of the registry, per
/// thousand: nurses first, then doctors, midwives, pharmacists, technicians.
pub const PROFESSIONS: &[(&str, u32)] = &[
    ("2221", 380), // nursing professionals
    ("3221", 60),  // nursing associate professionals
    ("2211", 120), // generalist medical practitioners
    ("2212", 100), // specialist medical practitioners
    ("2222", 70),  // midwifery professionals
    ("3222", 20),  // midwifery associate professionals
    ("2262", 60),  // pharmacists
    ("3213", 15),  // pharmaceutical technicians
    ("3212", 40),  // medical and pathology laboratory technicians
    ("3211", 30),  // medical imaging technicians
    ("2261", 15),  // dentists
    ("2264", 20),  // physiotherapists
    ("2263", 8),   // environmental and occupational health
    ("2265", 8),   // dieticians and nutritionists
    ("2266", 4),   // audiologists and speech therapists
    ("2267", 4),   // optometrists
    ("2269", 6),   // health professionals not elsewhere classified
    ("2240", 8),   // paramedical practitioners
    ("1342", 12),  // health services managers
    ("2310", 6),   // university and higher education teachers
    ("2634", 6),   // psychologists
    ("3256", 4),   // medical assistants
    ("3258", 4),   // ambulance workers
];

/// Families of professions that share specialties, skills and licensing bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Nursing,
    Midwifery,
    Medicine,
    Pharmacy,
    Laboratory,
    Imaging,
    Allied,
    Management,
}

pub fn family(profession: &str) -> Family {
    match profession {
        "2221" | "3221" => Family::Nursing,
        "2222" | "3222" => Family::Midwifery,
        "2211" | "2212" | "2261" | "2240" => Family::Medicine,
        "2262" | "3213" => Family::Pharmacy,
        "3212" => Family::Laboratory,
        "3211" => Family::Imaging,
        "1342" | "2310" => Family::Management,
        _ => Family::Allied,
    }
}

impl Family {
    /// Specialties that fit, best first; only those in the table are used.
    pub fn specialties(self, profession: &str) -> &'static [&'static str] {
        match (self, profession) {
            (Family::Medicine, "2211") => &[
                "family_medicine",
                "internal_medicine",
                "emergency_medicine",
                "public_health",
                "paediatrics",
                "infectious_diseases",
            ],
            (Family::Medicine, "2212") => &[
                "general_surgery",
                "obstetrics_gynaecology",
                "paediatrics",
                "anaesthesiology",
                "internal_medicine",
                "cardiology",
                "psychiatry",
                "radiology",
                "pathology",
                "ophthalmology",
                "orthopaedics",
                "oncology",
                "nephrology",
                "neurology",
                "neurosurgery",
                "dermatology",
                "endocrinology",
                "gastroenterology",
                "haematology",
                "pulmonology",
                "urology",
                "otorhinolaryngology",
                "plastic_surgery",
                "paediatric_surgery",
                "cardiothoracic_surgery",
                "intensive_care",
                "neonatology",
                "palliative_care",
                "geriatrics",
            ],
            (Family::Medicine, _) => &["emergency_medicine", "public_health", "family_medicine"],
            (Family::Nursing, _) => &[
                "critical_care_nursing",
                "theatre_nursing",
                "paediatric_nursing",
                "mental_health_nursing",
                "community_health_nursing",
                "palliative_care",
                "neonatology",
                "oncology",
                "emergency_medicine",
            ],
            (Family::Midwifery, _) => &["midwifery", "neonatology", "obstetrics_gynaecology"],
            (Family::Pharmacy, _) => &["infectious_diseases", "oncology", "public_health"],
            (Family::Laboratory, _) => &["laboratory_medicine", "haematology", "pathology"],
            (Family::Imaging, _) => &["radiology"],
            (Family::Allied, _) => &["public_health", "geriatrics", "paediatrics"],
            (Family::Management, _) => &["health_management", "public_health", "epidemiology"],
        }
    }

    /// Skill tags, as stored (lower case, single spaces).
    pub fn skills(self) -> &'static [&'static str] {
        match self {
            Family::Nursing => &[
                "wound care",
                "triage",
                "iv therapy",
                "infection control",
                "patient education",
                "neonatal resuscitation",
                "ward management",
                "dialysis",
                "mentoring",
                "medication safety",
                "tracheostomy care",
                "clinical teaching",
            ],
            Family::Midwifery => &[
                "antenatal care",
                "emergency obstetric care",
                "neonatal resuscitation",
                "family planning",
                "breastfeeding support",
                "postnatal care",
                "ultrasound",
                "clinical teaching",
            ],
            Family::Medicine => &[
                "ultrasound",
                "emergency surgery",
                "clinical teaching",
                "obstetric emergencies",
                "hiv care",
                "malaria management",
                "telemedicine",
                "quality improvement",
                "clinical research",
                "trauma care",
                "endoscopy",
                "mentoring",
            ],
            Family::Pharmacy => &[
                "supply chain",
                "antimicrobial stewardship",
                "pharmacovigilance",
                "clinical pharmacy",
                "compounding",
                "quality assurance",
            ],
            Family::Laboratory => &[
                "microbiology",
                "haematology analysers",
                "laboratory quality",
                "blood transfusion",
                "molecular diagnostics",
                "equipment maintenance",
            ],
            Family::Imaging => &[
                "x-ray",
                "ct",
                "mri",
                "ultrasound",
                "radiation safety",
                "equipment maintenance",
            ],
            Family::Allied => &[
                "rehabilitation",
                "community outreach",
                "patient education",
                "telemedicine",
                "mentoring",
                "counselling",
            ],
            Family::Management => &[
                "health financing",
                "quality improvement",
                "supply chain",
                "curriculum design",
                "health information systems",
                "project management",
            ],
        }
    }

    /// The body that licenses this family in a country, where it is known.
    pub fn licensing_body(self, country: &str) -> Option<&'static str> {
        use Family::*;
        Some(match (country, self) {
            ("GB", Nursing | Midwifery) => "Nursing and Midwifery Council",
            ("GB", Medicine) => "General Medical Council",
            ("GB", Pharmacy) => "General Pharmaceutical Council",
            ("GB", _) => "Health and Care Professions Council",
            ("IE", Nursing | Midwifery) => "Nursing and Midwifery Board of Ireland",
            ("IE", Medicine) => "Medical Council",
            ("IE", Pharmacy) => "Pharmaceutical Society of Ireland",
            ("US", Nursing | Midwifery) => "State Board of Nursing",
            ("US", Medicine) => "State Medical Board",
            ("US", Pharmacy) => "State Board of Pharmacy",
            ("FR", Nursing) => "Ordre national des infirmiers",
            ("FR", Midwifery) => "Ordre des sages-femmes",
            ("FR", Medicine) => "Ordre des médecins",
            ("FR", Pharmacy) => "Ordre national des pharmaciens",
            ("NG", Nursing | Midwifery) => "Nursing and Midwifery Council of Nigeria",
            ("NG", Medicine) => "Medical and Dental Council of Nigeria",
            ("NG", Pharmacy) => "Pharmacy Council of Nigeria",
            ("GH", Nursing | Midwifery) => "Nursing and Midwifery Council of Ghana",
            ("GH", Medicine) => "Medical and Dental Council, Ghana",
            ("KE", Nursing | Midwifery) => "Nursing Council of Kenya",
            ("KE", Medicine) => "Kenya Medical Practitioners and Dentists Council",
            ("ZW", Nursing | Midwifery) => "Nurses Council of Zimbabwe",
            ("ZW", Medicine) => "Medical and Dental Practitioners Council of Zimbabwe",
            ("ZA", Nursing | Midwifery) => "South African Nursing Council",
            ("ZA", _) => "Health Professions Council of South Africa",
            ("IN", Nursing | Midwifery) => "Indian Nursing Council",
            ("IN", Medicine) => "National Medical Commission",
            ("PH", _) => "Professional Regulation Commission",
            _ => return None,
        })
    }
}
