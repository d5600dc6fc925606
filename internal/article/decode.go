package article

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// readLimited reads r to the end, failing with ErrTooLarge when it holds
// more than max bytes.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// isGzip reports whether data starts with the gzip magic number.
func isGzip(data []byte) bool {
	return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b
}

// gunzip decompresses data, at most max bytes of output. When the stream is
// cut short it returns what was decoded before the cut with an error wrapping
// ErrTruncated.
func gunzip(data []byte, max int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("gunzip: %w: %v", ErrTruncated, err)
		}
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, max+1))
	if int64(len(out)) > max {
		return nil, fmt.Errorf("gunzip: %w: more than %d bytes decompressed", ErrTooLarge, max)
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return out, fmt.Errorf("gunzip: %w: %v", ErrTruncated, err)
		}
		return out, fmt.Errorf("gunzip: %w", err)
	}
	return out, nil
}

// isBlank reports whether data holds nothing but white space and a BOM.
func isBlank(data []byte) bool {
	return len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// isBinary reports whether data looks like a binary file: a NUL byte or more
// than 10% control characters in its first 8 KiB. UTF-16 text (with a BOM)
// is not binary.
func isBinary(data []byte) bool {
	if hasUTF16BOM(data) {
		return false
	}
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range head {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f {
			ctrl++
		}
	}
	return ctrl*10 > len(head)
}

func hasUTF16BOM(data []byte) bool {
	return len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF)
}

// toUTF8 returns data as UTF-8 without a byte-order mark. UTF-16 with a BOM
// is decoded; bytes that are not valid UTF-8 are read as Windows-1252 (a
// superset of Latin-1), so a legacy-encoded file loses nothing while the
// valid UTF-8 sequences of a mixed file stay as they are.
func toUTF8(data []byte) []byte {
	if hasUTF16BOM(data) {
		return decodeUTF16(data)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return data
	}
	out := make([]byte, 0, len(data)+len(data)/8)
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(data[0]))
			data = data[1:]
			continue
		}
		out = append(out, data[:size]...)
		data = data[size:]
	}
	return out
}

// decodeDeclared returns data as UTF-8, honouring the charset parameter of
// an HTTP Content-Type when it names an encoding other than UTF-8 or Latin;
// otherwise (and for files) it is toUTF8.
func decodeDeclared(data []byte, contentType string) []byte {
	if contentType == "" || hasUTF16BOM(data) {
		return toUTF8(data)
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["charset"] == "" {
		return toUTF8(data)
	}
	enc, name := charset.Lookup(params["charset"])
	if enc == nil || name == "utf-8" || name == "windows-1252" {
		return toUTF8(data)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return toUTF8(data)
	}
	return toUTF8(out)
}

// decodeUTF16 decodes UTF-16 text that starts with a BOM.
func decodeUTF16(data []byte) []byte {
	big := data[0] == 0xFE
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	out := make([]byte, 0, len(u))
	for _, r := range utf16.Decode(u) {
		out = utf8.AppendRune(out, r)
	}
	return out
}
