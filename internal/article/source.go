package article

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Source is one input to read: a file path, "-" for standard input, or an
// http(s) URL.
type Source struct {
	// Path is a file path, "-" for standard input, or an http:// or
	// https:// URL.
	Path string
	// Format forces the input format: "text", "html", "json", "jsonl" or
	// "feed"; "rss", "atom" and "jsonfeed" are accepted as synonyms of
	// "feed", which reads a feed of whichever kind its content shows.
	// Empty means detect it from the name, the Content-Type and the
	// content. An unknown format is reported as the source's failure.
	Format string
}

// IsStdin reports whether s names standard input.
func (s Source) IsStdin() bool { return s.Path == "-" }

// IsURL reports whether s is an http or https URL.
func (s Source) IsURL() bool {
	p := strings.ToLower(s.Path)
	return strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://")
}

// skipInDir lists extensions of files that a directory walk passes over
// because they never hold articles (images, archives, executables...).
// Named explicitly, such a file is still read (and reported as binary).
var skipInDir = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".ico": true,
	".svg": true, ".bmp": true, ".tif": true, ".tiff": true, ".pdf": true, ".zip": true,
	".tar": true, ".tgz": true, ".bz2": true, ".xz": true, ".zst": true, ".7z": true,
	".exe": true, ".dll": true, ".so": true, ".o": true, ".a": true, ".db": true,
	".sqlite": true, ".mp3": true, ".mp4": true, ".woff": true, ".woff2": true, ".css": true, ".js": true,
}

// Sources expands paths into sources and calls fn for each, in order:
// "-" and URLs as given, files as given, directories recursively in
// lexical order. Inside directories, hidden files and directories (".git",
// ".DS_Store"), files that never hold articles (images, archives) and
// README-like documents (README, LICENSE, NOTICE, ...) are skipped, and symbolic links to directories are not followed.
//
// A path that cannot be read (missing, no permission, an unreadable
// subdirectory) is not an error of Sources: it is passed to fn like any other
// source, so that Read reports it as a failed Item naming the path and the
// other paths are still read. Sources returns an error only when ctx is done
// or fn returns one (returned unchanged).
func (r *Reader) Sources(ctx context.Context, paths []string, fn func(Source) error) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		src := Source{Path: p}
		if src.IsStdin() || src.IsURL() {
			if err := fn(src); err != nil {
				return err
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			if err := fn(src); err != nil {
				return err
			}
			continue
		}
		if err := walkDir(ctx, p, fn); err != nil {
			return err
		}
	}
	return nil
}

// projectDocs are the base names (without extension, lower case) of the
// files that document a directory rather than report news: a folder of
// articles often carries a README or a LICENSE beside them.
var projectDocs = map[string]bool{
	"readme": true, "license": true, "licence": true, "copying": true, "notice": true,
	"changelog": true, "authors": true, "contributing": true,
}

// isProjectDoc reports whether a file name inside a directory is a
// README-like document, skipped when walking; named on its own it is read.
func isProjectDoc(name string) bool {
	base := strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))
	return projectDocs[base]
}

// walkDir calls fn for the article files under root, in lexical order.
func walkDir(ctx context.Context, root string, fn func(Source) error) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			// Unreadable entry or directory: let Read name the failure.
			if path == root && d == nil {
				return fn(Source{Path: path})
			}
			if d != nil && d.IsDir() {
				if ferr := fn(Source{Path: path}); ferr != nil {
					return ferr
				}
				return fs.SkipDir
			}
			return fn(Source{Path: path})
		}
		name := d.Name()
		if path != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if skipInDir[strings.ToLower(filepath.Ext(name))] || isProjectDoc(name) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			if err == nil && fi.IsDir() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil // sockets, pipes, devices
		}
		return fn(Source{Path: path})
	})
}

// ReadPaths expands paths with Sources and reads every source in turn with
// Read, reading stdin for "-". It returns an error only when ctx is done or
// emit returns one; every other failure is an Item.
func (r *Reader) ReadPaths(ctx context.Context, paths []string, stdin io.Reader, emit func(Item) error) error {
	return r.Sources(ctx, paths, func(src Source) error {
		return r.Read(ctx, src, stdin, emit)
	})
}
