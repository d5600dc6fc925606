package link

import (
	"fmt"
	"os"

	"github.com/storyline-news/storyline/internal/article"
)

// ReadECB reads one ECB+ token-XML document (ecbplus/<topic>/<topic>_<n>ecb[plus].xml)
// and returns its plain text: tokens joined by spaces, sentences by newlines.
// The title is the first sentence (ECB+ has no separate headline); text
// holds every sentence, the first included. It reads only the tokens and
// ignores the annotation layers (see article.TokenXMLText).
func ReadECB(path string) (title, text string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "", err
	}
	title, rest, err := article.TokenXMLText(data)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", path, err)
	}
	if title == "" {
		return rest, rest, nil
	}
	if rest == "" {
		return title, title, nil
	}
	return title, title + "\n" + rest, nil
}
