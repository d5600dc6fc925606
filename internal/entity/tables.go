package entity

import "strings"

// The tables in this file are small, general, hand-curated closed classes
// of English news text. They are immutable after package initialisation.

// countryAliases are common short and old names of countries, by ISO code,
// beside the GeoNames names.
var countryAliases = map[string]string{
	"US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "America": "US", "United States of America": "US", "the United States": "US",
	"UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
	"Russian Federation": "RU", "PRC": "CN", "People's Republic of China": "CN", "Mainland China": "CN",
	"Republic of China": "TW", "South Korea": "KR", "Republic of Korea": "KR", "North Korea": "KP", "DPRK": "KP",
	"Holland": "NL", "Netherlands": "NL", "Czech Republic": "CZ", "Burma": "MM", "Ivory Coast": "CI", "Cote d'Ivoire": "CI",
	"UAE": "AE", "Emirates": "AE", "Vatican City": "VA", "Holy See": "VA", "Palestine": "PS", "Gaza": "PS", "West Bank": "PS",
	"East Timor": "TL", "Timor-Leste": "TL", "Cape Verde": "CV", "Swaziland": "SZ", "Macedonia": "MK", "Congo": "CG",
	"DR Congo": "CD", "DRC": "CD", "Turkiye": "TR", "Türkiye": "TR", "Macau": "MO", "Persia": "IR",
}

// regions are well-known first-level divisions outside the United States,
// by ISO code of their country (GeoNames has no admin1 names in the
// development data).
var regions = map[string]string{
	"England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
	"Bavaria": "DE", "Saxony": "DE", "Catalonia": "ES", "Andalusia": "ES", "Basque Country": "ES", "Corsica": "FR",
	"Sicily": "IT", "Sardinia": "IT", "Lombardy": "IT", "Tuscany": "IT",
	"Quebec": "CA", "Ontario": "CA", "British Columbia": "CA", "Alberta": "CA",
	"Xinjiang": "CN", "Tibet": "CN", "Guangdong": "CN", "Sichuan": "CN", "Hubei": "CN", "Fujian": "CN", "Yunnan": "CN", "Inner Mongolia": "CN",
	"Hebei": "CN", "Henan": "CN", "Shandong": "CN", "Shanxi": "CN", "Shaanxi": "CN", "Jiangsu": "CN", "Zhejiang": "CN",
	"Anhui": "CN", "Jiangxi": "CN", "Hunan": "CN", "Guangxi": "CN", "Guizhou": "CN", "Hainan": "CN", "Liaoning": "CN",
	"Jilin": "CN", "Heilongjiang": "CN", "Gansu": "CN", "Qinghai": "CN", "Ningxia": "CN",
	"Crimea": "UA", "Donetsk": "UA", "Luhansk": "UA", "Donbas": "UA", "Kherson": "UA", "Zaporizhzhia": "UA",
	"Chechnya": "RU", "Siberia": "RU", "Punjab": "IN", "Kerala": "IN", "Bihar": "IN", "Gujarat": "IN", "Tamil Nadu": "IN",
	"Queensland": "AU", "New South Wales": "AU", "Victoria": "AU", "Tasmania": "AU", "Okinawa": "JP", "Hokkaido": "JP",
	"Mindanao": "PH", "Bali": "ID", "Java": "ID", "Sumatra": "ID", "Papua": "ID", "Kurdistan": "IQ", "Darfur": "SD",
}

// usStates are the United States' states and federal district by postal
// code, which GeoNames uses as admin1 code for the United States.
var usStates = map[string]string{
	"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
	"CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
	"HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky",
	"LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
	"MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
	"NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
	"OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
	"SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
	"WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

// usStateByName maps normalised state names and abbreviations ("Calif.",
// "D.C.") to postal codes.
var usStateByName = func() map[string]string {
	m := map[string]string{"dc": "DC", "washington dc": "DC", "calif": "CA", "fla": "FL", "mass": "MA", "tex": "TX",
		"penn": "PA", "ariz": "AZ", "colo": "CO", "conn": "CT", "mich": "MI", "minn": "MN", "wis": "WI", "ore": "OR", "okla": "OK"}
	for code, name := range usStates {
		m[normName(name)] = code
	}
	return m
}()

// demonyms maps nationality adjectives and nouns to ISO country codes.
var demonyms = func() map[string]string {
	src := map[string]string{
		"US": "American|Americans|U.S.|US", "CN": "Chinese|Sino", "TW": "Taiwanese", "HK": "Hong Konger|Hong Kongers",
		"RU": "Russian|Russians", "UA": "Ukrainian|Ukrainians", "GB": "British|Briton|Britons|English|Scottish|Welsh",
		"FR": "French|Frenchman|Frenchwoman", "DE": "German|Germans", "IT": "Italian|Italians", "ES": "Spanish|Spaniard|Spaniards",
		"PT": "Portuguese", "NL": "Dutch", "BE": "Belgian|Belgians", "CH": "Swiss", "AT": "Austrian|Austrians",
		"SE": "Swedish|Swede|Swedes", "NO": "Norwegian|Norwegians", "DK": "Danish|Dane|Danes", "FI": "Finnish|Finn|Finns",
		"IS": "Icelandic|Icelander", "IE": "Irish", "PL": "Polish|Pole|Poles", "CZ": "Czech|Czechs", "SK": "Slovak|Slovaks",
		"HU": "Hungarian|Hungarians", "RO": "Romanian|Romanians", "BG": "Bulgarian|Bulgarians", "GR": "Greek|Greeks",
		"TR": "Turkish|Turk|Turks", "CY": "Cypriot|Cypriots", "BY": "Belarusian|Belarussian|Belarusians", "GE": "Georgian|Georgians",
		"AM": "Armenian|Armenians", "AZ": "Azerbaijani|Azeri", "KZ": "Kazakh|Kazakhstani", "UZ": "Uzbek", "RS": "Serb|Serbs|Serbian",
		"HR": "Croat|Croats|Croatian", "BA": "Bosnian|Bosnians", "SI": "Slovenian|Slovene", "AL": "Albanian|Albanians",
		"MK": "Macedonian", "ME": "Montenegrin", "LT": "Lithuanian|Lithuanians", "LV": "Latvian|Latvians", "EE": "Estonian|Estonians",
		"MD": "Moldovan", "JP": "Japanese", "KR": "South Korean|South Koreans|Korean|Koreans", "KP": "North Korean|North Koreans",
		"VN": "Vietnamese", "TH": "Thai", "KH": "Cambodian", "MM": "Burmese|Myanmar", "MY": "Malaysian|Malaysians",
		"ID": "Indonesian|Indonesians", "PH": "Filipino|Filipinos|Philippine", "SG": "Singaporean|Singaporeans",
		"IN": "Indian|Indians", "PK": "Pakistani|Pakistanis", "AF": "Afghan|Afghans", "BD": "Bangladeshi|Bangladeshis",
		"LK": "Sri Lankan|Sri Lankans", "NP": "Nepalese|Nepali", "MN": "Mongolian|Mongolians", "IR": "Iranian|Iranians",
		"IQ": "Iraqi|Iraqis", "SY": "Syrian|Syrians", "LB": "Lebanese", "IL": "Israeli|Israelis", "PS": "Palestinian|Palestinians",
		"JO": "Jordanian|Jordanians", "SA": "Saudi|Saudis|Saudi Arabian", "KW": "Kuwaiti|Kuwaitis", "YE": "Yemeni|Yemenis",
		"OM": "Omani", "QA": "Qatari|Qataris", "AE": "Emirati|Emiratis", "BH": "Bahraini", "EG": "Egyptian|Egyptians",
		"LY": "Libyan|Libyans", "TN": "Tunisian|Tunisians", "DZ": "Algerian|Algerians", "MA": "Moroccan|Moroccans",
		"SD": "Sudanese", "ET": "Ethiopian|Ethiopians", "SO": "Somali|Somalis", "KE": "Kenyan|Kenyans", "UG": "Ugandan|Ugandans",
		"TZ": "Tanzanian|Tanzanians", "RW": "Rwandan|Rwandans", "CD": "Congolese", "NG": "Nigerian|Nigerians",
		"GH": "Ghanaian|Ghanaians", "SN": "Senegalese", "ZA": "South African|South Africans", "ZW": "Zimbabwean|Zimbabweans",
		"CA": "Canadian|Canadians", "MX": "Mexican|Mexicans", "CU": "Cuban|Cubans", "HT": "Haitian|Haitians", "CO": "Colombian|Colombians",
		"VE": "Venezuelan|Venezuelans", "PE": "Peruvian|Peruvians", "EC": "Ecuadorian|Ecuadorean", "BR": "Brazilian|Brazilians",
		"AR": "Argentine|Argentinian|Argentines", "CL": "Chilean|Chileans", "BO": "Bolivian", "PY": "Paraguayan", "UY": "Uruguayan",
		"AU": "Australian|Australians", "NZ": "New Zealander|New Zealanders",
	}
	m := map[string]string{}
	for cc, list := range src {
		for _, d := range strings.Split(list, "|") {
			m[normName(d)] = cc
		}
	}
	return m
}()

// outlets are news outlets and agencies, by their usual names. A mention
// of one is a source, never an actor.
var outletNames = []string{
	"Reuters", "AFP", "Agence France-Presse", "Agence France Presse", "AP", "Associated Press", "Bloomberg", "Bloomberg News",
	"Xinhua", "Xinhua News Agency", "CCTV", "China Central Television", "CGTN", "BBC", "BBC News", "BBC World Service", "Thomson Reuters", "CNN International", "CNN", "CBS", "CBS News", "NBC", "NBC News",
	"ABC News", "Fox News", "MSNBC", "NPR", "National Public Radio", "PBS", "Al Jazeera", "Al Arabiya", "Kyodo", "Kyodo News", "Yonhap", "TASS", "Itar-Tass",
	"Interfax", "RIA Novosti", "RIA", "ANSA", "DPA", "EFE", "PTI", "Press Trust of India", "Anadolu", "Anadolu Agency",
	"People's Daily", "Global Times", "China Daily", "South China Morning Post", "SCMP", "New York Times", "Washington Post",
	"Wall Street Journal", "WSJ", "Financial Times", "The Times", "The Guardian", "Guardian", "The Independent", "Telegraph",
	"The Telegraph", "Daily Mail", "Le Monde", "Le Figaro", "Der Spiegel", "Spiegel", "Die Welt", "Frankfurter Allgemeine",
	"Corriere della Sera", "La Repubblica", "El Pais", "Asahi", "Asahi Shimbun", "Yomiuri", "Yomiuri Shimbun", "Mainichi",
	"Nikkei", "Nikkei Asia", "The Economist", "Economist", "Newsweek", "Politico", "Axios", "Sky News", "ITV", "NHK", "ZDF", "ARD",
	"Dow Jones", "USA Today", "Los Angeles Times", "Chicago Tribune", "Boston Globe", "Voice of America", "VOA",
	"Radio Free Asia", "RFA", "Deutsche Welle", "DW", "France 24", "RT", "Sputnik", "KCNA", "Korean Central News Agency",
	"Central News Agency", "Focus Taiwan", "Caixin", "The Hill", "CNBC", "Bernama", "Antara", "IRNA", "WAM", "SPA", "MENA",
	"Ukrinform", "Prensa Latina", "Vatican News", "The Atlantic", "The New Yorker", "Semafor", "The Intercept", "ProPublica",
	"Channel NewsAsia", "CNA", "Straits Times", "The Straits Times", "Times of India", "Hindustan Times", "The Hindu", "Dawn",
	"Haaretz", "Times of Israel", "Getty Images", "Getty", "EPA", "Press Association", "PA Media", "Shutterstock", "AP Photo", "Jerusalem Post", "Kommersant", "Izvestia", "Pravda", "Global News", "CBC", "CBC News", "ABC",
}

// outletAliases groups names of one outlet, the usual name first.
var outletAliases = []string{
	"AFP|Agence France-Presse|Agence France Presse", "AP|Associated Press|AP Photo", "Bloomberg|Bloomberg News",
	"Xinhua|Xinhua News Agency", "CCTV|China Central Television", "Kyodo|Kyodo News", "Anadolu|Anadolu Agency",
	"PTI|Press Trust of India", "South China Morning Post|SCMP", "Wall Street Journal|WSJ", "Guardian|The Guardian",
	"Independent|The Independent", "Telegraph|The Telegraph", "Economist|The Economist", "Spiegel|Der Spiegel",
	"Asahi|Asahi Shimbun", "Yomiuri|Yomiuri Shimbun", "Voice of America|VOA", "Radio Free Asia|RFA",
	"Deutsche Welle|DW", "KCNA|Korean Central News Agency", "CBC|CBC News", "NBC|NBC News", "CBS|CBS News",
	"Getty Images|Getty", "Press Association|PA Media", "Straits Times|The Straits Times", "Channel NewsAsia|CNA",
	"Itar-Tass|TASS", "RIA Novosti|RIA", "BBC|BBC News|BBC World Service", "Reuters|Thomson Reuters", "CNN|CNN International", "NPR|National Public Radio",
}

// outletCanonical maps a normalised outlet name to the outlet's usual name.
var outletCanonical = func() map[string]string {
	m := map[string]string{}
	for _, g := range outletAliases {
		names := strings.Split(g, "|")
		for _, n := range names {
			m[normName(n)] = names[0]
		}
	}
	return m
}()

// outletSet holds normalised outlet names; ambiguousOutlets are single
// words that are also ordinary names or words ("Time", "Guardian",
// "Dawn", "Economist"), recognised as outlets only in a reporting context
// when the tagger did not mark them.
var outletSet = func() map[string]bool {
	m := map[string]bool{}
	for _, o := range outletNames {
		m[normName(o)] = true
	}
	return m
}()

// outletFirstWords are the lower-case first words of the outlet names.
var outletFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for _, o := range outletNames {
		w, _, _ := strings.Cut(o, " ")
		m[strings.ToLower(strings.TrimSuffix(w, "."))] = true
	}
	return m
}()

var ambiguousOutlets = map[string]bool{"epa": true, "pa": true, "atlantic": true, "times": true, "time": true, "hindu": true, "fox": true, "variety": true, "sun": true, "mirror": true, "guardian": true, "dawn": true, "economist": true, "telegraph": true, "spiegel": true,
	"hill": true, "the hill": true, "bloomberg": true, "mainichi": true, "asahi": true, "politico": true, "axios": true, "semafor": true,
	"independent": true, "the independent": true, "mena": true, "spa": true, "wam": true, "cna": true, "rt": true, "abc": true}

// outletWords end or open the names of outlets not in the list ("the Daily
// Telegraph", "Kyiv Independent", "Radio Liberty").
var outletWords = map[string]bool{"news": true, "times": true, "post": true, "daily": true, "journal": true, "herald": true,
	"press": true, "agency": true, "television": true, "tv": true, "radio": true, "broadcasting": true, "tribune": true,
	"gazette": true, "telegraph": true, "chronicle": true, "observer": true, "magazine": true, "newspaper": true, "wire": true,
	"shimbun": true, "ilbo": true, "newswire": true, "broadcaster": true}

// reportCues are words around a name that mark it as a source.
var reportBefore = []string{"according to", "told", "citing", "cited by", "quoted by", "reported by", "broadcaster", "news agency",
	"newspaper", "state media", "state-run", "state-owned", "outlet", "tabloid", "channel", "told the", "said in an interview with",
	"in an interview with", "an interview with", "speaking to", "reporter", "correspondent"}
var reportAfter = []string{"reported", "reports", "first reported", "was first to report", "quoted", "cited", "said in a report",
	"news agency", "correspondent", "reporter", "has reported", "had reported", "broadcast", "published"}

// courtesy titles are dropped from names and carry no role.
var courtesy = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"sir": true, "dame": true, "madame": true, "monsieur": true, "herr": true, "frau": true, "lord": true, "lady": true}

// roleNouns head a title or role ("Secretary of State", "spokesperson",
// "top diplomat"); a role phrase must contain one.
var roleNouns = wordSet("president|vice-president|premier|chancellor|minister|secretary|secretary-general|ambassador|envoy|" +
	"senator|sen|rep|representative|congressman|congresswoman|lawmaker|legislator|governor|gov|mayor|judge|justice|chairman|" +
	"chairwoman|chair|chairperson|director|director-general|general|gen|colonel|admiral|commander|marshal|officer|chief|ceo|cfo|" +
	"founder|co-founder|spokesman|spokeswoman|spokesperson|adviser|advisor|counsellor|counselor|diplomat|leader|counterpart|" +
	"king|queen|prince|princess|emir|sultan|sheikh|pope|cardinal|bishop|archbishop|ayatollah|imam|rabbi|speaker|deputy|" +
	"head|attorney|prosecutor|lawyer|analyst|economist|professor|scientist|researcher|official|executive|billionaire|" +
	"philanthropist|mogul|investor|entrepreneur|tycoon|candidate|nominee|commissioner|administrator|dictator|monarch|" +
	"czar|tsar|negotiator|representative|delegate|coach|manager|captain|player|striker|star|actor|actress|singer|author|" +
	"writer|journalist|editor|correspondent|reporter|activist|dissident|lieutenant|major|sergeant|inspector|detective|" +
	"superintendent|doctor|nurse|aide|mp|mep|councillor|councilor|treasurer|comptroller|chancellor|rapporteur|whip|governor-general")

// roleModifiers may open or sit inside a role phrase without being
// capitalised ("top US diplomat", "former President").
var roleModifiers = wordSet("top|senior|former|deputy|vice|acting|chief|foreign|defence|defense|finance|trade|interior|" +
	"state|national|security|prime|general|assistant|under|special|supreme|interim|outgoing|incoming|new|then|veteran|" +
	"longtime|ex|junior|principal|executive|presidential|ruling|opposition|party|press|spokes|military|economic|commerce|" +
	"health|education|justice|energy|environment|labour|labor|agriculture|transport|culture|home|high|chief|" +
	"ministry|department|government|embassy|company|agency|army|police|court|campaign|white|house|cabinet|council")

// nameParticles are lower-case words inside names ("Ludwig van
// Beethoven", "Osama bin Laden").
var nameParticles = wordSet("de|da|di|del|della|der|den|van|von|ter|ten|la|le|du|dos|das|do|bin|ibn|al|el|y|e|af|zu|mac|st")

// determiners open a role-only mention ("the top US diplomat").
var determiners = wordSet("the|his|her|their|its|our|a|an")

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(s, "|") {
		m[w] = true
	}
	return m
}

// nicknames groups given names that name one person in news text: a
// short form and its full form ("Bill" and "William").
var nicknames = func() map[string]string {
	groups := []string{
		"william|bill|billy|will|willie", "robert|bob|bobby|rob|robbie|bert", "james|jim|jimmy|jamie",
		"michael|mike|mikey|mick", "joseph|joe|joey", "anthony|antony|tony", "richard|dick|rick|ricky|rich",
		"david|dave|davey", "edward|ed|eddie|ted|teddy|ned", "john|jon|jack|johnny", "lawrence|laurence|larry",
		"elizabeth|liz|beth|betty|bettie|lizzie|eliza", "margaret|peggy|maggie|meg", "susan|sue|susie",
		"katherine|kathryn|catherine|kate|katie|kathy|cathy|kat", "jennifer|jenny|jen", "andrew|andy|drew",
		"stephen|steven|steve", "patrick|pat|paddy", "patricia|pat|patty|trish", "thomas|tom|tommy",
		"henry|hank|harry", "charles|chuck|charlie|chas", "maurice|mo", "christopher|chris", "daniel|dan|danny",
		"samuel|sam|sammy", "alexander|alex|sasha|alexandros|alexis", "nicholas|nick|nicky", "matthew|matt",
		"benjamin|ben|benny", "gregory|greg", "jeffrey|geoffrey|jeff|geoff", "ronald|ron|ronnie", "donald|don|donnie",
		"timothy|tim", "kenneth|ken|kenny", "douglas|doug", "frederick|frederic|fred|freddie", "vincent|vince",
		"gerald|gerry|jerry", "jerome|jerry", "philip|phillip|phil", "raymond|ray", "albert|al|bert",
		"alfred|alfie|al|fred", "victoria|vicky|tori", "rebecca|becky", "deborah|debbie|deb", "abigail|abby",
		"pamela|pam", "barbara|barb", "cynthia|cindy", "judith|judy", "nathaniel|nathan|nate", "zachary|zach",
		"joshua|josh", "jonathan|jon", "leonard|leo|len|lenny", "theodore|theo|ted", "vladimir|vlad",
		"aleksandr|alexander|sasha", "mohammed|mohammad|muhammad|mohamed", "sergei|sergey", "yevgeny|evgeny",
	}
	m := map[string]string{}
	for _, g := range groups {
		names := strings.Split(g, "|")
		for _, n := range names {
			if _, ok := m[n]; !ok {
				m[n] = names[0]
			}
		}
	}
	return m
}()

// givenVariant reports whether two given names may name one person: one
// is a nickname or short form of the other ("Fred", "Frederick"; "Bill",
// "William"), or one edit apart ("Jon", "John").
func givenVariant(a, b string) bool {
	if a == b {
		return true
	}
	if fa, ok := nicknames[a]; ok {
		if fb, ok := nicknames[b]; ok && fa == fb {
			return true
		}
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) >= 3 && strings.HasPrefix(long, short) {
		return true
	}
	return len(short) >= 3 && editDistance(a, b, 1) <= 1
}

// commonGiven reports whether a given name is a common one of its own
// (listed in nicknames): two different common given names, even one edit
// apart ("Mark", "Mary"), more likely name two people.
func commonGiven(w string) bool { _, ok := nicknames[w]; return ok }

// placeHeads and eventHeads are words that open or close names of places
// and events, not of people ("Dauphin Island", "Hurricane Katrina"): a
// mention tagged PER with one is retyped.
var (
	placeFirst = wordSet("mount|mt|lake|river|fort|camp|port|cape|bay|gulf|lake|isle|san|santa|saint|st")
	placeLast  = wordSet("island|islands|isle|river|lake|bay|beach|county|parish|valley|mountains|mountain|hills|harbor|harbour|" +
		"strait|sea|ocean|coast|peninsula|province|district|canyon|park|square|street|avenue|bridge|airport|station")
	eventFirst = wordSet("hurricane|hurricanes|typhoon|typhoons|cyclone|storm|tropical|operation|superstorm|tornado")
)

// wordSurnames are surnames that are also common English words, months or
// days: capitalised at a sentence start or in a date they do not name
// anyone.
var wordSurnames = wordSet("may|will|march|april|june|july|august|january|monday|friday|sunday|young|long|white|black|" +
	"brown|green|grant|hope|king|little|rice|rich|bush|park|price|cash|love|bell|hall|wood|woods|west|north|south|rose|" +
	"summer|winter|moore|major|mark|said|case|field|lord|page|law|power|bill|bond|bishop|chase|cook|baker|miller|" +
	"smith|turner|walker|hunt|fox|gay|frank|strong|sharp|wise|best|good|new|case|lane|may|day|knight|street|ford")
