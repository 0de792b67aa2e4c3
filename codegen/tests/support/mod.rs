//! Helpers shared by the generator's integration tests.

#![allow(dead_code)] // Each includer uses a part.

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use zip::write::SimpleFileOptions;

/// A file of an archive: its path inside, and its bytes.
pub type Entry = (String, Vec<u8>);

/// An archive entry.
pub fn entry(name: &str, bytes: impl Into<Vec<u8>>) -> Entry {
    (name.to_owned(), bytes.into())
}

/// Writes an npm-style tarball (gzip'd tar) holding `files`.
pub fn write_tgz(path: &Path, files: &[Entry]) {
    let mut tar = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    fs::write(path, tar.into_inner().unwrap().finish().unwrap()).unwrap();
}

/// Writes a wheel (a zip) holding `files`.
pub fn write_whl(path: &Path, files: &[Entry]) {
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// Copies the folder `from` into `to` (created), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
