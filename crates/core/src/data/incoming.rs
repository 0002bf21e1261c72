//! A file arriving in pieces (a download, chunk by chunk). Gzip data, known by its magic
//! number, is inflated as it comes, so the compressed file is never whole in memory beside
//! the inflated one; an IDX file gets its whole room as soon as its header is in, so that 47
//! MB of MNIST pixels are not copied while the buffer grows.

use std::io::Write;

use flate2::write::GzDecoder;

use super::idx;
use crate::{Code, Error, Message, Result};

/// The most a gzip file may inflate to: four times MNIST's 47 MB of training images, and a
/// stop for a small file of repeated bytes that would inflate to gigabytes (deflate packs
/// up to ~1000 to 1) and take the tab's memory with it.
pub const MAX_INFLATED_BYTES: usize = 200_000_000;
/// Compressed bytes inflated at a time, so the output is measured every ~1 MB at most.
const INFLATE_PIECE: usize = 1024;

#[derive(Debug)]
pub struct IncomingFile {
    name: String,
    /// Room for plain bytes, from the download's announced size.
    size_hint: usize,
    /// Gzip data may not inflate to more bytes than this.
    max_inflated: usize,
    state: State,
}

#[derive(Debug)]
enum State {
    /// Not two bytes yet: the first two tell gzip from plain.
    Start(Vec<u8>),
    Plain(Vec<u8>),
    Gzip {
        /// Boxed: the inflater's state is large beside the other states' buffers.
        decoder: Box<GzDecoder<Vec<u8>>>,
        sized: bool,
    },
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

impl IncomingFile {
    /// `name` is for messages; `size_hint` is the number of bytes expected (more may come).
    pub fn new(name: &str, size_hint: usize) -> Self {
        IncomingFile {
            name: name.to_string(),
            size_hint,
            max_inflated: MAX_INFLATED_BYTES,
            state: State::Start(Vec::new()),
        }
    }

    /// The same with another limit on what gzip data may inflate to.
    pub fn with_max_inflated(mut self, max: usize) -> Self {
        self.max_inflated = max;
        self
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if let State::Start(head) = &mut self.state {
            head.extend_from_slice(chunk);
            if head.len() < GZIP_MAGIC.len() {
                return Ok(());
            }
            let head = std::mem::take(head);
            // A host that serves the file with `Content-Encoding: gzip` has had the browser
            // inflate it already: then the bytes are plain.
            self.state = if head.starts_with(&GZIP_MAGIC) {
                State::Gzip {
                    decoder: Box::new(GzDecoder::new(Vec::new())),
                    sized: false,
                }
            } else {
                let mut bytes = Vec::new();
                reserve(&self.name, &mut bytes, self.size_hint)?;
                State::Plain(bytes)
            };
            return self.push(&head);
        }
        match &mut self.state {
            State::Start(_) => Ok(()),
            State::Plain(bytes) => {
                reserve(&self.name, bytes, chunk.len())?;
                bytes.extend_from_slice(chunk);
                Ok(())
            }
            State::Gzip { decoder, sized } => {
                for piece in chunk.chunks(INFLATE_PIECE) {
                    decoder
                        .write_all(piece)
                        .map_err(|e| not_gzip(&self.name, e))?;
                    if decoder.get_ref().len() > self.max_inflated {
                        return Err(inflates_too_far(&self.name, self.max_inflated));
                    }
                }
                if !*sized {
                    let out = decoder.get_mut();
                    if let Some(len) = idx::file_len(out) {
                        if len > self.max_inflated {
                            return Err(inflates_too_far(&self.name, self.max_inflated));
                        }
                        reserve(&self.name, out, len.saturating_sub(out.len()))?;
                        *sized = true;
                    } else if out.len() >= 16 {
                        // Not IDX: it grows as it comes.
                        *sized = true;
                    }
                }
                Ok(())
            }
        }
    }

    /// The file's bytes, inflated if it was gzip; fails if a gzip stream ended early.
    pub fn finish(self) -> Result<Vec<u8>> {
        match self.state {
            State::Start(head) => Ok(head),
            State::Plain(bytes) => Ok(bytes),
            State::Gzip { decoder, .. } => decoder.finish().map_err(|e| not_gzip(&self.name, e)),
        }
    }
}

/// A whole file as downloaded: gzip inflated (through the same [`IncomingFile`]), plain
/// bytes passed through without a copy.
pub fn inflated(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let mut file = IncomingFile::new(name, 0);
    file.push(&bytes)?;
    drop(bytes);
    file.finish()
}

fn reserve(name: &str, bytes: &mut Vec<u8>, more: usize) -> Result<()> {
    bytes.try_reserve_exact(more).map_err(|_| {
        Error::Message(
            Message::new(Code::OutOfMemory)
                .with("name", name)
                .with("mb", format!("{:.0}", (bytes.len() + more) as f64 / 1e6)),
        )
    })
}

fn inflates_too_far(name: &str, max: usize) -> Error {
    Error::Message(
        Message::new(Code::GzipTooBig)
            .with("file", name)
            .with("limit_mb", max / 1_000_000),
    )
}

fn not_gzip(name: &str, e: std::io::Error) -> Error {
    Error::Data {
        file: name.to_string(),
        row: None,
        column: None,
        message: Message::new(Code::NotGzip).with("reason", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).expect("write");
        e.finish().expect("finish")
    }

    /// An IDX image file: magic, 3 images of 2×2, pixels 0..12.
    fn idx_images() -> Vec<u8> {
        let mut f = vec![0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2];
        f.extend(0..12u8);
        f
    }

    #[test]
    fn gzip_in_any_chunks_inflates_to_the_file() {
        let file = idx_images();
        let gz = gzip(&file);
        for chunk in [1, 3, 7, gz.len()] {
            let mut incoming = IncomingFile::new("t.idx.gz", gz.len());
            for piece in gz.chunks(chunk) {
                incoming.push(piece).expect("push");
            }
            assert_eq!(
                incoming.finish().expect("finish"),
                file,
                "chunks of {chunk}"
            );
        }
    }

    /// 500 MNIST-sized images arriving in download-sized chunks: once the header is in, the
    /// buffer has the whole file's room and is never reallocated (which would have doubled
    /// 47 MB of MNIST pixels to a 64 MB buffer).
    #[test]
    fn an_idx_file_gets_its_room_from_its_header() {
        let mut file = vec![0, 0, 8, 3, 0, 0, 1, 0xf4, 0, 0, 0, 28, 0, 0, 0, 28];
        let mut s = 1u32;
        file.extend((0..500 * 784).map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s as u8
        }));
        let gz = gzip(&file);
        let mut incoming = IncomingFile::new("t.idx.gz", gz.len());
        for piece in gz.chunks(4 * 1024) {
            incoming.push(piece).expect("push");
        }
        let out = incoming.finish().expect("finish");
        assert_eq!(out.len(), file.len());
        assert_eq!(out.capacity(), file.len());
    }

    #[test]
    fn whole_files_are_inflated_and_plain_ones_kept_as_they_are() {
        let file = idx_images();
        assert_eq!(inflated("t.idx.gz", gzip(&file)).expect("gzip"), file);
        let plain = file.clone();
        let at = plain.as_ptr();
        let kept = inflated("t.idx", plain).expect("plain");
        assert_eq!((kept.as_ptr(), &kept), (at, &file), "not copied");
    }

    #[test]
    fn plain_bytes_pass_through() {
        let mut incoming = IncomingFile::new("a.csv", 3);
        incoming.push(b"a,b").expect("push");
        incoming.push(b"\n1,2\n").expect("push");
        assert_eq!(incoming.finish().expect("finish"), b"a,b\n1,2\n");
    }

    #[test]
    fn a_cut_off_or_corrupt_gzip_file_is_named() {
        let gz = gzip(&idx_images());
        let mut cut = IncomingFile::new("train.idx.gz", 0);
        cut.push(&gz[..gz.len() - 6]).expect("push");
        let e = cut.finish().expect_err("cut off").to_string();
        assert!(e.contains("train.idx.gz") && e.contains("gzip"), "{e}");

        let mut bad = gz.clone();
        bad[12] ^= 0xff;
        bad[13] ^= 0xff;
        let mut corrupt = IncomingFile::new("train.idx.gz", 0);
        let e = corrupt
            .push(&bad)
            .and_then(|()| corrupt.finish().map(|_| ()))
            .expect_err("corrupt")
            .to_string();
        assert!(e.contains("train.idx.gz"), "{e}");
    }

    #[test]
    fn a_gzip_bomb_is_stopped_near_the_limit() {
        // 50 MB of zeros in ~50 KB; a 10 MB limit stops it within a piece's output of it.
        let gz = gzip(&vec![0u8; 50_000_000]);
        assert!(gz.len() < 100_000, "{}", gz.len());
        let mut incoming = IncomingFile::new("bomb.csv.gz", gz.len()).with_max_inflated(10_000_000);
        let e = gz
            .chunks(1 << 20)
            .try_for_each(|c| incoming.push(c))
            .expect_err("too big");
        assert_eq!(e.message().code, Code::GzipTooBig);
        assert!(
            e.to_string().contains("bomb.csv.gz") && e.to_string().contains("10 MB"),
            "{e}"
        );
        // An IDX header that claims 1000³ bytes is refused before its room is taken.
        let mut header = vec![0, 0, 8, 3, 0, 0, 3, 0xe8, 0, 0, 3, 0xe8, 0, 0, 3, 0xe8];
        header.extend((0..100_000u32).map(|i| (i * 7 % 251) as u8));
        let mut idx = IncomingFile::new("huge.idx.gz", 0);
        let e = gzip(&header)
            .chunks(1024)
            .try_for_each(|c| idx.push(c))
            .expect_err("claims too much");
        assert_eq!(e.message().code, Code::GzipTooBig);
    }

    #[test]
    fn idx_lengths_come_from_the_header() {
        assert_eq!(idx::file_len(&idx_images()), Some(16 + 12));
        assert_eq!(idx::file_len(&[0, 0, 8, 1, 0, 0, 0, 5]), Some(8 + 5));
        assert_eq!(
            idx::file_len(&[0, 0, 8, 3, 0, 0]),
            None,
            "header not in yet"
        );
        assert_eq!(idx::file_len(b"a,b,c\n1,2,3\n1,2"), None, "not IDX");
    }
}
