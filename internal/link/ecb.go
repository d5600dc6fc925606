package link

import (
	"fmt"
	"os"

	"github.com/storyline-news/storyline/internal/article"
)

// ReadECB reads one ECB+ token-XML document (ecbplus/<topic>/<topic>_<n>ecb[plus].xml)
// as the article reader does (article.TokenXMLText): its source URL when
// the first sentence is one, its title and its text. It reads only the
// tokens and ignores the annotation layers.
func ReadECB(path string) (article.TokenDoc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return article.TokenDoc{}, err
	}
	d, err := article.TokenXMLText(data)
	if err != nil {
		return article.TokenDoc{}, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}
