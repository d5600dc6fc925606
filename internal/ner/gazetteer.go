package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/text"
)

// Gazetteer classes. Each is a list of phrases; a token inside a matched
// phrase gets a feature naming the class and its position (first or later).
var gazClasses = []string{
	"city",        // GeoNames cities (population >= 15,000) and their alternate names
	"country",     // GeoNames countries, capitals and common short names
	"region",      // continents, regions, US states, seas (hand list)
	"demonym",     // nationalities, demonyms, languages, religions (hand list)
	"title",       // titles and honorifics preceding names (hand list)
	"orgsuffix",   // organisation suffixes: Inc, Corp, Ltd, ... (hand list)
	"orgword",     // words typical inside organisation names (hand list)
	"outlet",      // news outlets and agencies (hand list)
	"firstname",   // common given names (hand list)
	"sportsevent", // competitions and events often tagged MISC (hand list)
	"lowerword",   // words the unlabelled corpus mostly writes in lower case mid-sentence
	"capword",     // words the unlabelled corpus almost always capitalises mid-sentence
}

// caseless is the set of classes that match regardless of the
// capitalisation of the text: titles and organisation suffixes.
const caseless = 1<<4 | 1<<5 | 1<<10 | 1<<11

func gazClassIndex(c string) int {
	for i, n := range gazClasses {
		if n == c {
			return i
		}
	}
	return -1
}

// gazetteer matches phrases of the gazetteer classes in token sequences.
type gazetteer struct {
	phrases map[string]uint32 // lower-cased tokens joined by " " -> class bit set
	maxLen  int
}

// prefixBit marks a key that is a proper (token-wise) prefix of a phrase,
// so that matching stops extending a candidate as soon as it cannot grow.
const prefixBit = 1 << 31

func newGazetteer(entries map[string]uint32) *gazetteer {
	g := &gazetteer{phrases: make(map[string]uint32, len(entries)*5/4)}
	for p, m := range entries {
		g.phrases[p] |= m
		n := strings.Count(p, " ") + 1
		g.maxLen = max(g.maxLen, n)
		for k := 0; k < len(p); k++ {
			if p[k] == ' ' {
				g.phrases[p[:k]] |= prefixBit
			}
		}
	}
	g.maxLen = min(g.maxLen, 6)
	return g
}

// entries returns the phrases and their class bit sets, without prefix marks.
func (g *gazetteer) entries() map[string]uint32 {
	out := make(map[string]uint32, len(g.phrases))
	for p, m := range g.phrases {
		if m &^= prefixBit; m != 0 {
			out[p] = m
		}
	}
	return out
}

// match returns per token a bit set: bit 2c is "first token of a class c
// phrase", bit 2c+1 "later token of a class c phrase". lower holds the
// lower-cased tokens, capital whether each token starts with an upper-case
// letter. Name classes only match phrases whose first token is capitalised.
func (g *gazetteer) match(lower []string, capital []bool, out []uint32, buf []byte) []byte {
	return g.matchCached(lower, capital, nil, nil, out, buf)
}

// gazMemo caches the lookup of a one-token phrase.
type gazMemo struct {
	m        uint32 // class bits and prefixBit
	ok, done bool
}

// matchCached is match with the lookups of one-token phrases cached in
// memo, indexed by the forms of the tokens, when forms is not nil.
func (g *gazetteer) matchCached(lower []string, capital []bool, forms []int32, memo []gazMemo, out []uint32, buf []byte) []byte {
	for i := range out {
		out[i] = 0
	}
	for i := range lower {
		buf = buf[:0]
		for n := 1; n <= g.maxLen && i+n <= len(lower); n++ {
			var m uint32
			var ok bool
			if n == 1 && forms != nil {
				c := &memo[forms[i]]
				if !c.done {
					c.m, c.ok = g.phrases[lower[i]]
					c.done = true
				}
				m, ok = c.m, c.ok
				buf = append(buf, lower[i]...)
			} else {
				if n > 1 {
					buf = append(buf, ' ')
				}
				buf = append(buf, lower[i+n-1]...)
				m, ok = g.phrases[string(buf)]
			}
			if !ok {
				break
			}
			more := m&prefixBit != 0
			m &^= prefixBit
			if !capital[i] {
				m &= caseless
			}
			for c := 0; m != 0; c++ {
				if m&1 != 0 {
					out[i] |= 1 << (2 * c)
					for k := i + 1; k < i+n; k++ {
						out[k] |= 1 << (2*c + 1)
					}
				}
				m >>= 1
			}
			if !more {
				break
			}
		}
	}
	return buf
}

// readGazetteer reads "class<TAB>phrase" lines (gzip'd when the name ends in .gz).
func readGazetteer(path string) (map[string]uint32, error) {
	r, closeFn, err := openMaybeGzip(path, embeddedGazetteers)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	out := map[string]uint32{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		class, phrase, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		c := gazClassIndex(class)
		if c < 0 {
			return nil, fmt.Errorf("gazetteer %s line %d: unknown class %q", path, n, class)
		}
		out[phrase] |= 1 << c
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read gazetteer %s: %w", path, err)
	}
	return out, nil
}

// Committed training inputs (see DATA.md), used when TrainConfig leaves
// ClusterFile or GazetteerFile empty.
//
//go:embed data/clusters.tsv.gz
var embeddedClusters []byte

//go:embed data/gazetteers.tsv.gz
var embeddedGazetteers []byte

// openMaybeGzip opens path, gunzipping it when the name ends in .gz; an
// empty path opens the embedded file (gzip'd) given as fallback.
func openMaybeGzip(path string, fallback []byte) (io.Reader, func(), error) {
	var rc io.Reader
	closeFile := func() {}
	if path == "" {
		rc = bytes.NewReader(fallback)
		path = "(embedded).gz"
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", path, err)
		}
		rc, closeFile = f, func() { f.Close() }
	}
	if !strings.HasSuffix(path, ".gz") {
		return rc, closeFile, nil
	}
	zr, err := gzip.NewReader(bufio.NewReader(rc))
	if err != nil {
		closeFile()
		return nil, nil, fmt.Errorf("gunzip %s: %w", path, err)
	}
	return zr, func() { zr.Close(); closeFile() }, nil
}

// normPhrase tokenises a phrase as the tagger does and lower-cases it; it
// returns "" for phrases unusable as gazetteer keys.
func normPhrase(p string) string {
	toks := text.Tokens(p)
	if len(toks) == 0 || len(toks) > 6 {
		return ""
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = strings.ToLower(t.Text)
	}
	return strings.Join(parts, " ")
}

// usableAltName keeps alternate names written in Latin letters that look
// like proper names (capitalised, not an all-caps code).
func usableAltName(s string) bool {
	if utf8.RuneCountInString(s) < 3 {
		return false
	}
	r0, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r0) {
		return false
	}
	upper := 0
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if r > unicode.MaxLatin1 && !unicode.Is(unicode.Latin, r) {
				return false
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case r == ' ' || r == '-' || r == '\'' || r == '.':
		default:
			return false
		}
	}
	return !(upper == letters && letters <= 4)
}

// BuildGazetteers builds the gazetteer file from the GeoNames files in
// dataDir/geonames (cities15000.txt, countryInfo.tsv), the hand lists of
// this package and the unlabelled news text under dataDir (the corpus of
// BuildClusters: it confirms derived demonyms and gives the lowerword and
// capword classes), and writes it to w as sorted "class<TAB>phrase" lines
// with lower-cased phrases tokenised like text.Tokens. The output is
// deterministic for given inputs.
func BuildGazetteers(ctx context.Context, dataDir string, w io.Writer) error {
	set := map[[2]string]bool{}
	add := func(class, phrase string) {
		if p := normPhrase(phrase); p != "" {
			set[[2]string{class, p}] = true
		}
	}
	cities := filepath.Join(dataDir, "geonames", "cities15000.txt")
	if err := eachTSV(ctx, cities, func(f []string) {
		if len(f) < 15 {
			return
		}
		add("city", f[1])
		add("city", f[2])
		for _, a := range strings.Split(f[3], ",") {
			if usableAltName(a) {
				add("city", a)
			}
		}
	}); err != nil {
		return err
	}
	countries := filepath.Join(dataDir, "geonames", "countryInfo.tsv")
	if err := eachTSV(ctx, countries, func(f []string) {
		if len(f) < 6 || strings.HasPrefix(f[0], "#") {
			return
		}
		add("country", f[4])
		add("country", f[5])
	}); err != nil {
		return err
	}
	// Demonyms derived from country and region names by regular suffix
	// rules, kept only when the unlabelled corpus uses them capitalised.
	places := map[string]bool{}
	if err := eachTSV(ctx, countries, func(f []string) {
		if len(f) >= 5 && !strings.HasPrefix(f[0], "#") {
			places[f[4]] = true
		}
	}); err != nil {
		return err
	}
	for _, class := range []string{"country", "region"} {
		for _, p := range strings.Split(handLists[class], "|") {
			places[p] = true
		}
	}
	seen := map[string]bool{}
	type caseCount struct{ low, capital int }
	cases := map[string]*caseCount{}
	if err := corpusTexts(ctx, dataDir, func(s string) {
		initial := true
		for _, t := range text.Tokens(s) {
			r, _ := utf8.DecodeRuneInString(t.Text)
			if unicode.IsUpper(r) {
				seen[t.Text] = true
			}
			if unicode.IsLetter(r) && !initial && !isAllUpper(t.Text) {
				lw := strings.ToLower(t.Text)
				c := cases[lw]
				if c == nil {
					c = &caseCount{}
					cases[lw] = c
				}
				if unicode.IsUpper(r) {
					c.capital++
				} else {
					c.low++
				}
			}
			initial = strings.Trim(t.Text, ".!?:;\"'`“”‘’-–—(") == ""
		}
	}); err != nil {
		return fmt.Errorf("build gazetteers: %w", err)
	}
	for lw, c := range cases {
		switch {
		case c.low >= 2 && c.low >= c.capital:
			add("lowerword", lw)
		case c.capital >= 2 && c.capital >= 4*c.low:
			add("capword", lw)
		}
	}
	for p := range places {
		for _, d := range demonymCandidates(p) {
			if seen[d] {
				add("demonym", d)
			}
		}
	}
	for class, list := range handLists {
		for _, p := range strings.Split(list, "|") {
			if p = strings.TrimSpace(p); p != "" {
				add(class, p)
			}
		}
	}
	lines := make([]string, 0, len(set))
	for k := range set {
		lines = append(lines, k[0]+"\t"+k[1])
	}
	sort.Strings(lines)
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write gazetteer: %w", err)
	}
	return nil
}

func eachTSV(ctx context.Context, path string, fn func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		n++
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fn(strings.Split(sc.Text(), "\t"))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

func isAllUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// demonymCandidates returns possible demonyms (and their plurals) of a
// one-word place name by the regular English suffix rules: Russia-n,
// Mexic-an, Brazil-ian, Ital-ian, Japan-ese, Chin-ese, Pakistan-i,
// Texa-n, Tajik(-istan).
func demonymCandidates(place string) []string {
	if strings.ContainsAny(place, " -.'") || len(place) < 3 {
		return nil
	}
	stem := place[:len(place)-1]
	c := []string{place + "n", place + "an", place + "ian", stem + "ian", stem + "an",
		place + "ese", stem + "ese", place + "i", place + "er"}
	if strings.HasSuffix(place, "istan") && len(place) >= 10 {
		c = append(c, strings.TrimSuffix(place, "istan"))
	}
	if strings.HasSuffix(place, "y") {
		c = append(c, stem+"ian")
	}
	out := make([]string, 0, 2*len(c))
	for _, d := range c {
		out = append(out, d, d+"s")
	}
	return out
}

// handLists are small closed-class lists, "|"-separated.
var handLists = map[string]string{
	"country":     "US|U.S.|USA|U.S.A.|America|United States|United States of America|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|Russia|Soviet Union|USSR|China|Taiwan|Hong Kong|Macau|South Korea|North Korea|Korea|Iran|Syria|Vietnam|Laos|Czech Republic|Czechia|Slovakia|Yugoslavia|Bosnia|Herzegovina|Serbia|Montenegro|Kosovo|Macedonia|Holland|Netherlands|Ivory Coast|Congo|Zaire|Burma|Myanmar|Palestine|Gaza|West Bank|Vatican|Tibet|Chechnya|Kurdistan|Ulster|Moldova|Belarus|Ukraine|Georgia|Bolivia|Venezuela|Tanzania|Micronesia|Brunei|East Timor|Timor-Leste|Cape Verde|Swaziland|Eswatini|Emirates|UAE",
	"region":      "Europe|Asia|Africa|North America|South America|Latin America|Central America|Oceania|Antarctica|Arctic|Middle East|Near East|Far East|Balkans|Caucasus|Scandinavia|Caribbean|Pacific|Atlantic|Indian Ocean|Mediterranean|Baltic|Gulf|Persian Gulf|Siberia|Kashmir|Punjab|Bavaria|Catalonia|Basque Country|Corsica|Sicily|Sardinia|Tuscany|Lombardy|Quebec|Ontario|British Columbia|Alberta|Yorkshire|Lancashire|Kent|Essex|Surrey|Texas|California|Florida|New York|Alabama|Alaska|Arizona|Arkansas|Colorado|Connecticut|Delaware|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|South China Sea|East China Sea|Black Sea|Red Sea|Caspian Sea|North Sea|Yangtze|Nile|Danube|Rhine|Thames|Amazon|Himalayas|Alps|Andes|Sahara|Xinjiang|Guangdong|Sichuan|Hubei|Fujian|Crimea|Donbas|Donetsk|Luhansk|Kurdistan|Gaza Strip|Golan Heights|Silicon Valley|Wall Street|Capitol Hill|Downing Street|Kremlin|Pentagon|White House",
	"demonym":     "American|Americans|British|Briton|Britons|English|Englishman|Scottish|Scot|Scots|Welsh|Irish|French|Frenchman|German|Germans|Italian|Italians|Spanish|Spaniard|Spaniards|Portuguese|Dutch|Belgian|Belgians|Swiss|Austrian|Austrians|Swedish|Swede|Swedes|Norwegian|Norwegians|Danish|Dane|Danes|Finnish|Finn|Finns|Icelandic|Polish|Pole|Poles|Czech|Czechs|Slovak|Slovaks|Hungarian|Hungarians|Romanian|Romanians|Bulgarian|Bulgarians|Greek|Greeks|Turkish|Turk|Turks|Cypriot|Russian|Russians|Ukrainian|Ukrainians|Belarussian|Belarusian|Georgian|Armenian|Armenians|Azerbaijani|Azeri|Kazakh|Uzbek|Serb|Serbs|Serbian|Croat|Croats|Croatian|Bosnian|Bosnians|Slovenian|Slovene|Albanian|Albanians|Macedonian|Montenegrin|Yugoslav|Lithuanian|Latvian|Estonian|Chinese|Japanese|Korean|Koreans|Taiwanese|Vietnamese|Thai|Cambodian|Burmese|Malaysian|Indonesian|Indonesians|Filipino|Filipinos|Philippine|Singaporean|Indian|Indians|Pakistani|Pakistanis|Afghan|Afghans|Bangladeshi|Sri Lankan|Nepalese|Tibetan|Mongolian|Iranian|Iranians|Iraqi|Iraqis|Syrian|Syrians|Lebanese|Israeli|Israelis|Palestinian|Palestinians|Jordanian|Saudi|Saudis|Kuwaiti|Yemeni|Omani|Qatari|Emirati|Egyptian|Egyptians|Libyan|Tunisian|Algerian|Moroccan|Sudanese|Ethiopian|Somali|Kenyan|Ugandan|Tanzanian|Rwandan|Burundian|Congolese|Nigerian|Nigerians|Ghanaian|Senegalese|Liberian|Angolan|Zambian|Zimbabwean|Mozambican|South African|South Africans|Namibian|Canadian|Canadians|Mexican|Mexicans|Cuban|Cubans|Haitian|Jamaican|Colombian|Venezuelan|Peruvian|Ecuadorean|Ecuadorian|Brazilian|Brazilians|Argentine|Argentinian|Chilean|Bolivian|Paraguayan|Uruguayan|Australian|Australians|New Zealander|Kiwi|Kiwis|European|Europeans|Asian|Asians|African|Africans|Arab|Arabs|Arabic|Latin|Western|Soviet|Kurdish|Kurd|Kurds|Basque|Catalan|Flemish|Walloon|Chechen|Tamil|Tamils|Sikh|Sikhs|Hindu|Hindus|Muslim|Muslims|Moslem|Moslems|Islamic|Christian|Christians|Catholic|Catholics|Protestant|Protestants|Jewish|Jew|Jews|Buddhist|Orthodox|Shi'ite|Shiite|Sunni|Anglican|Mandarin|Cantonese|Hebrew|Persian|Farsi|Urdu|Hindi|Bengali|Swahili|Sino|Anglo|Franco|Euro|Republican|Republicans|Democrat|Democrats|Democratic|Communist|Communists|Socialist|Conservative|Labour|Liberal|Nazi|Nazis|Olympic|Olympics|Nobel|Oscar|Oscars|Internet|Christmas|Easter|Ramadan",
	"title":       "Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Miss|Dr|Dr.|Prof|Prof.|Sir|Dame|Lord|Lady|Rev|Rev.|Father|Sister|Brother|Pope|King|Queen|Prince|Princess|Sheikh|Emir|Sultan|Ayatollah|Imam|Rabbi|Bishop|Archbishop|Cardinal|President|Vice President|Vice-President|Prime Minister|Premier|Chancellor|Minister|Foreign Minister|Secretary|Secretary of State|Secretary-General|Ambassador|Envoy|Senator|Sen.|Rep.|Congressman|Congresswoman|Governor|Gov.|Mayor|Judge|Justice|Chairman|Chairwoman|Chair|Director|General|Gen.|Colonel|Col.|Major|Maj.|Captain|Capt.|Lieutenant|Lt.|Sergeant|Sgt.|Admiral|Adm.|Commander|Marshal|Officer|Inspector|Detective|Chief|CEO|spokesman|spokeswoman|spokesperson|coach|manager|striker|midfielder|defender|goalkeeper|captain|leader|counterpart|adviser|advisor|analyst|economist|analysts|dealer|dealers|trader|traders|correspondent|reporter|lawyer|attorney|official|officials|diplomat|diplomats|Dalai Lama|Crown Prince|Deputy|Speaker",
	"orgsuffix":   "Inc|Inc.|Corp|Corp.|Corporation|Co|Co.|Ltd|Ltd.|Limited|LLC|L.L.C.|PLC|Plc|plc|AG|GmbH|SA|S.A.|NV|N.V.|BV|SpA|S.p.A.|AB|ASA|Oyj|KK|Bhd|Berhad|Pty|LP|L.P.|Group|Holdings|Holding|Bancorp|Bancshares|Industries|International|Enterprises|Partners|Associates|Trust|Fund|Company|Cos|Cos.|Bros|Bros.",
	"orgword":     "University|College|Institute|School|Academy|Bank|Banks|Party|Ministry|Department|Agency|Commission|Committee|Council|Association|Federation|Union|League|Club|Society|Foundation|Organisation|Organization|Authority|Board|Bureau|Office|Service|Services|Court|Parliament|Congress|Senate|Assembly|Army|Navy|Air Force|Police|Guard|Front|Movement|Alliance|Coalition|Church|Hospital|Airlines|Airways|Air|Motors|Motor|Oil|Petroleum|Energy|Electric|Telecom|Telecommunications|Communications|Securities|Capital|Investment|Investments|Insurance|Exchange|Stock Exchange|Reserve|Times|Post|News|Journal|Herald|Press|Television|Radio|Network|Systems|Technologies|Technology|Pharmaceuticals|Chemical|Chemicals|Steel|Mining|Resources|Foods|Brewery|Airport|United|City|Rovers|Wanderers|Athletic|Town|Albion|Hotspur|Real|FC|F.C.|SC|AC|Inter|Sporting|Dynamo|Spartak|Lokomotiv|Olympique|Borussia|Eintracht|Bayern|Juventus|Ajax|PSV|Celtic|Rangers|Yankees|Red Sox|Mets|Cubs|Dodgers|Giants|Braves|Orioles|Mariners|Angels|Tigers|Indians|Twins|Royals|Astros|Padres|Rockies|Marlins|Expos|Pirates|Cardinals|Reds|Phillies|Brewers|Athletics|Blue Jays|White Sox|Rangers|NATO|UN|U.N.|EU|OPEC|IMF|WTO|FIFA|UEFA|IOC|NBA|NFL|NHL|PLO|IRA|ANC|OSCE|ASEAN|WHO|UNESCO|UNICEF|Interpol|Hamas|Hezbollah|Taliban|Nasdaq|Fed",
	"outlet":      "Reuters|AFP|Agence France-Presse|Agence France Presse|AP|Associated Press|Bloomberg|Xinhua|CCTV|CGTN|BBC|CNN|CBS|NBC|ABC|Fox News|Fox|MSNBC|NPR|PBS|Al Jazeera|Al Arabiya|Kyodo|Yonhap|Tass|Itar-Tass|Interfax|RIA|Novosti|ANSA|DPA|EFE|PTI|Anadolu|People's Daily|Global Times|China Daily|South China Morning Post|New York Times|Washington Post|Wall Street Journal|Financial Times|The Times|Guardian|Independent|Telegraph|Daily Mail|Le Monde|Le Figaro|Der Spiegel|Spiegel|Die Welt|Frankfurter Allgemeine|Corriere della Sera|La Repubblica|El Pais|Asahi|Yomiuri|Mainichi|Nikkei|Economist|Time|Newsweek|Politico|Axios|Nikkei Asia|Sky News|ITV|Channel 4|RTL|ZDF|ARD|NHK|Xinhua News Agency|Dow Jones|IFR|Variety|USA Today|Los Angeles Times|Chicago Tribune|Boston Globe",
	"firstname":   "John|James|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Antony|Mark|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Edward|Jason|Jeffrey|Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|Frank|Patrick|Raymond|Jack|Dennis|Jerry|Tyler|Aaron|Jose|Adam|Nathan|Henry|Douglas|Zachary|Peter|Kyle|Walter|Ethan|Jeremy|Harold|Keith|Christian|Roger|Noah|Gerald|Carl|Terry|Sean|Austin|Arthur|Lawrence|Jesse|Dylan|Bryan|Joe|Jordan|Billy|Bruce|Albert|Willie|Gabriel|Logan|Alan|Juan|Wayne|Roy|Ralph|Randy|Eugene|Vincent|Russell|Elijah|Louis|Bobby|Philip|Johnny|Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Nancy|Lisa|Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Dorothy|Carol|Amanda|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|Cynthia|Kathleen|Amy|Shirley|Angela|Helen|Anna|Brenda|Pamela|Nicole|Emma|Samantha|Katherine|Christine|Debra|Rachel|Catherine|Carolyn|Janet|Ruth|Maria|Heather|Diane|Virginia|Julie|Joyce|Victoria|Olivia|Kelly|Christina|Lauren|Joan|Evelyn|Judith|Megan|Cheryl|Andrea|Hannah|Martha|Jacqueline|Frances|Gloria|Ann|Teresa|Kathryn|Sara|Janice|Jean|Alice|Madison|Doris|Abigail|Julia|Judy|Grace|Denise|Amber|Marilyn|Beverly|Danielle|Theresa|Sophia|Marie|Diana|Brittany|Natalie|Isabella|Charlotte|Rose|Alexis|Kayla|Hillary|Bill|Bob|Jim|Tom|Mike|Dave|Tony|Jake|Kurt|Nancy|Boris|Vladimir|Mikhail|Sergei|Igor|Dmitry|Viktor|Yuri|Alexei|Ivan|Nikolai|Andrei|Oleg|Jean|Pierre|Jacques|Francois|Michel|Philippe|Alain|Nicolas|Emmanuel|Hans|Klaus|Helmut|Gerhard|Wolfgang|Juergen|Karl|Heinz|Angela|Giuseppe|Giovanni|Silvio|Romano|Carlos|Luis|Manuel|Antonio|Francisco|Pedro|Miguel|Jorge|Javier|Fernando|Ricardo|Eduardo|Roberto|Diego|Mohammed|Mohammad|Muhammad|Ahmed|Ahmad|Ali|Hassan|Hussein|Mahmoud|Omar|Abdul|Abdullah|Ibrahim|Yasser|Benjamin|Shimon|Yitzhak|Ariel|Ehud|Nelson|Kofi|Narendra|Rahul|Sonia|Shinzo|Junichiro|Ryutaro|Kim|Lee|Park|Xi|Li|Wang|Zhang|Liu|Chen|Yang|Zhao|Huang|Zhou|Wu|Jiang|Hu|Deng|Mao|Qin|Lin|Nawaz|Benazir|Recep|Tayyip|Bashar|Saddam|Yoweri|Joaquin|Pete|Greg|Ron|Rudy|Al|Newt|Ted|Mitt|Barack|Kamala|Nikki|Ron|Marco|Rishi|Liz|Keir|Olaf|Volodymyr|Sergey|Emmanuel|Giorgia|Justin|Jair|Lula|Recep|Subrahmanyam|Narendra",
	"sportsevent": "World Cup|Olympic Games|Olympics|Games|Open|U.S. Open|French Open|Australian Open|Wimbledon|Tour de France|Grand Prix|Super Bowl|World Series|Champions League|European Cup|UEFA Cup|Cup Winners' Cup|Premier League|Bundesliga|Serie A|Primera Liga|Davis Cup|Ryder Cup|Masters|Championship|Championships|Cup|Trophy|Series|Tour|Grand Slam|Test|Tests|Marathon|Derby",
}
