#pragma once
//! \file Output files that are never seen half-written.

#include <string>
#include <string_view>

namespace pbr::io {

//! Writes `content` to `path` via a temporary file in the same directory, flushed to disk,
//! then rename(2): readers see the old file or the complete new one, never a half-written
//! one. The temporary is named `.<file name>.<pid>.<n>.tmp` and is created with the usual
//! permissions (0666 less the umask). If `path` is a symbolic link, the link itself is
//! replaced by a regular file.
//!
//! \param path     destination; its directory must exist (see create_parent_directories)
//! \param content  the bytes to write, unchanged (no newline translation)
//! \throws std::runtime_error naming the path and the system's reason on any failure; the
//!         temporary is removed and an existing file at `path` is left untouched.
//!
//! **Example**
//! \code
//! io::create_parent_directories("out/pilot_summary.csv");
//! io::write_file_atomically("out/pilot_summary.csv", csv_text);
//! \endcode
void write_file_atomically(const std::string& path, std::string_view content);

//! Creates the directory that will hold `path` (and its parents) when missing; does nothing
//! for a bare file name. \throws std::runtime_error naming the directory on failure.
void create_parent_directories(const std::string& path);

}  // namespace pbr::io
