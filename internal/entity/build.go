package entity

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// BuildPlaces derives the embedded place table (data/places.tsv.gz) from
// GeoNames under dataDir (geonames/countryInfo.tsv and
// geonames/cities15000.txt, CC BY 4.0) and writes it, gzipped, to w.
//
// The table keeps, per country, its ISO code, name and GeoNames id, and per
// city its GeoNames id, country, admin1 code, population and names: the
// GeoNames name, its ASCII form, and for cities of at least a million people
// the Latin-script alternate names (exonyms such as "Peking"). The output is
// deterministic. Rebuild with
//
//	ENTITY_BUILD=1 go test ./internal/entity/ -run TestBuildPlaces
func BuildPlaces(ctx context.Context, dataDir string, w io.Writer) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("build places: %w", err)
	}
	bw := bufio.NewWriter(gz)
	fmt.Fprintln(bw, "# storyline entity places, derived from GeoNames (CC BY 4.0): see DATA.md")
	countries := filepath.Join(dataDir, "geonames", "countryInfo.tsv")
	err = eachLine(ctx, countries, func(f []string) {
		if len(f) < 17 || strings.HasPrefix(f[0], "#") || f[16] == "" {
			return
		}
		fmt.Fprintf(bw, "C\t%s\t%s\t%s\n", f[0], strings.TrimSpace(f[4]), f[16])
	})
	if err != nil {
		return err
	}
	type city struct {
		id, line string
		pop      int
	}
	var cities []city
	err = eachLine(ctx, filepath.Join(dataDir, "geonames", "cities15000.txt"), func(f []string) {
		if len(f) < 15 {
			return
		}
		pop, _ := strconv.Atoi(f[14])
		names := []string{f[1]}
		if f[2] != f[1] && f[2] != "" {
			names = append(names, f[2])
		}
		if pop >= 1_000_000 {
			for _, a := range strings.Split(f[3], ",") {
				if latinName(a) && !containsString(names, a) {
					names = append(names, a)
				}
			}
		}
		cities = append(cities, city{f[0], fmt.Sprintf("P\t%s\t%s\t%s\t%d\t%s\n", f[0], f[8], f[10], pop, strings.Join(names, "|")), pop})
	})
	if err != nil {
		return err
	}
	sort.Slice(cities, func(i, j int) bool {
		if cities[i].pop != cities[j].pop {
			return cities[i].pop > cities[j].pop
		}
		return cities[i].id < cities[j].id
	})
	for _, c := range cities {
		bw.WriteString(c.line)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("build places: %w", err)
	}
	if err := gz.Close(); err != nil {
		return fmt.Errorf("build places: %w", err)
	}
	return nil
}

// latinName reports whether an alternate name looks like a usable English
// or Latin-script place name: capitalised, letters, spaces, hyphens,
// apostrophes and periods only, 3 to 40 bytes.
func latinName(s string) bool {
	if len(s) < 3 || len(s) > 40 || !unicode.IsUpper(rune(s[0])) {
		return false
	}
	for _, r := range s {
		switch {
		case r < 128 && (unicode.IsLetter(r) || r == ' ' || r == '-' || r == '\'' || r == '.'):
		default:
			return false
		}
	}
	return true
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// eachLine calls fn with the tab-separated fields of every line of path.
func eachLine(ctx context.Context, path string, fn func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("build places: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 0; sc.Scan(); n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fn(strings.Split(sc.Text(), "\t"))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("build places: read %s: %w", path, err)
	}
	return nil
}
