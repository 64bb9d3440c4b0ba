package jiko

import (
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/jiko-go/jiko/internal/ops"
)

// File is a document to upload with [IndividualsService.UploadDocument],
// [BusinessesService.UploadDocument] or [CustomersService.UploadDocument]:
// an identity document, a proof of address, a business's formation papers.
// The file itself is the request body, sent with its Content-Type and
// Content-Length; it is streamed, never held in memory, and sent again from
// its start when a call is retried. Its size and type are checked before
// anything is sent (see [DocumentType.MaxSize] and [DocumentContentTypes]).
//
//	f, _ := os.Open("passport.png")
//	st, _ := f.Stat()
//	doc := &jiko.File{Body: f, Size: st.Size(), ContentType: "image/png"}
type File struct {
	// Body holds the bytes. It must implement io.ReaderAt (an *os.File, a
	// *bytes.Reader, a *strings.Reader) or io.ReadSeeker, so that a retry can
	// read it again from the start; an io.ReaderAt is read from offset 0.
	Body io.Reader
	// Size is the number of bytes to send: more than 0, at most the
	// operation's limit.
	Size int64
	// ContentType is the file's MIME type, such as "application/pdf" or
	// "image/jpeg".
	ContentType string
	// Name is the file's name, sent in a Content-Disposition header by the
	// operations that take one; it may be empty elsewhere.
	Name string
}

// check refuses a file that cannot be sent: field names it in the error.
// maxSize bounds the size; types, when not empty, lists the accepted MIME
// types.
func (f *File) check(field string, maxSize int64, types []string) error {
	switch {
	case f == nil:
		return invalid(field, "is nil")
	case f.Body == nil:
		return invalid(field+".Body", "is nil")
	case f.Size <= 0:
		return invalid(field+".Size", "must be more than 0, got %d", f.Size)
	case f.Size > maxSize:
		return invalid(field+".Size", "%d bytes is over the limit of %d bytes", f.Size, maxSize)
	}
	if _, ok := f.Body.(io.ReaderAt); !ok {
		if _, ok := f.Body.(io.ReadSeeker); !ok {
			return invalid(field+".Body", "%T is neither an io.ReaderAt nor an io.ReadSeeker, so it could not be sent again on a retry", f.Body)
		}
	}
	mt, _, err := mime.ParseMediaType(f.ContentType)
	if err != nil {
		return invalid(field+".ContentType", "%q is not a MIME type", f.ContentType)
	}
	if len(types) > 0 && !slices.Contains(types, strings.ToLower(mt)) {
		return invalid(field+".ContentType", "%q is not accepted; use one of %s", f.ContentType, strings.Join(types, ", "))
	}
	return nil
}

// open returns a reader of the whole file from its start.
func (f *File) open() (io.ReadCloser, error) {
	if ra, ok := f.Body.(io.ReaderAt); ok {
		return io.NopCloser(io.NewSectionReader(ra, 0, f.Size)), nil
	}
	rs := f.Body.(io.ReadSeeker)
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return io.NopCloser(io.LimitReader(rs, f.Size)), nil
}

// newUpload builds the request of a raw-file upload to rt: the file is the
// body, sent with its Content-Type and Content-Length, and the credentials
// its operation declares (the token and an idempotency key). maxSize bounds the file; header adds any other header
// the operation declares. Nothing is sent when a check fails.
func newUpload(rt route, file *File, maxSize int64, header http.Header) (request, error) {
	r, err := newRequest(rt, nil, nil)
	if err != nil {
		return r, err
	}
	if err := file.check("file", maxSize, documentContentTypes); err != nil {
		return r, err
	}
	r.upload, r.header = file, header
	return r, nil
}

// uploadByType builds an upload to a path that ends in the document type:
// the type is checked, and sets the size limit.
func uploadByType(op *ops.Op, id string, docType DocumentType, file *File) (request, error) {
	rt := at(op, id, string(docType))
	if _, err := rt.path(); err != nil {
		return request{}, err
	}
	if err := checkDocumentType(docType); err != nil {
		return request{}, err
	}
	return newUpload(rt, file, docType.MaxSize(), nil)
}
