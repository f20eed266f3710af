#pragma once
//! \file Output files that are never seen half-written, and the checks that keep a command
//! from writing over its own inputs or over anything that is not a regular file.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::output {

//! A write that was refused before anything was written: the destination is not a regular
//! file, cannot be created, or is one of the command's inputs. Commands report it as bad
//! input (exit status 2). The message starts "refusing to write '<path>'".
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A write that failed at the system's word once it had started: a full disk, a lost
//! permission, an I/O error. The message is "writing <path>: <the system's reason>" (e.g.
//! "writing out/x.csv: No space left on device"); commands report it as a runtime failure
//! (exit status 1), never as an internal error.
class WriteFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Writes `content` to `path` via a temporary file in the same directory, flushed to disk,
//! then rename(2): readers see the old file or the complete new one, never a half-written
//! one. The temporary is named `.<file name>.pbrsim-tmp-<pid>-<n>` and is created with the
//! usual permissions (0666 less the umask). Temporaries of the same destination left behind
//! by a process that no longer runs (killed mid-write) are removed first. If `path` is a
//! symbolic link to a regular file (or to nothing), the link itself is replaced by a regular
//! file.
//!
//! \param path     destination; its directory must exist (see create_parent_directories)
//! \param content  the bytes to write, unchanged (no newline translation)
//! \throws OutputRefused when `path` exists and is not a regular file (a directory, a device,
//!         a pipe, or a link to one); nothing is touched.
//! \throws WriteFailed naming the path and the system's reason on any other failure;
//!         the temporary is removed and an existing file at `path` is left untouched.
//!
//! **Example**
//! \code
//! output::create_parent_directories("out/pilot_summary.csv");
//! output::write_file_atomically("out/pilot_summary.csv", csv_text);
//! \endcode
void write_file_atomically(const std::string& path, std::string_view content);

//! write_file_atomically in pieces, for outputs too large to hold in memory at once (a
//! sweep's CSV and sidecar): the bytes go to the temporary as they come (buffered), and
//! commit() flushes, syncs and renames. Destroyed without commit(), or after a failure, the
//! temporary is removed and `path` is untouched.
class AtomicWriter {
 public:
  //! \throws OutputRefused or WriteFailed as write_file_atomically does.
  explicit AtomicWriter(const std::string& path);
  ~AtomicWriter();
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;

  //! Appends bytes. \throws WriteFailed (the temporary is then removed).
  void write(std::string_view bytes);
  //! Makes the file appear at its path, complete. \throws WriteFailed
  void commit();

 private:
  static constexpr std::size_t BUFFER_BYTES = std::size_t{1} << 20;
  void flush();
  [[noreturn]] void fail();
  void abandon();

  std::string path_;
  std::string temp_;
  std::string buffer_;
  int fd_ = -1;
};

//! Creates the directory that will hold `path` (and its parents) when missing; does nothing
//! for a bare file name. \throws WriteFailed naming the directory on failure.
void create_parent_directories(const std::string& path);

//! True when `a` and `b` name the same file: std::filesystem::equivalent when both exist
//! (hard links and every spelling of a path included), else the same absolute path once
//! `.`, `..` and symbolic links of the existing part are resolved.
bool same_file(const std::string& a, const std::string& b);

//! One file a command reads or writes, and how a message names its part in the command.
struct CommandFile {
  std::string path;
  std::string role;  //!< e.g. "--out", "the sidecar of --out run.csv"; may be empty
};

//! Checks, before a command does any work, that each of `outputs` can be written safely:
//! it must not name the same file as any of `inputs` (same_file) or as another output, must
//! not exist as anything but a regular file (or a link to one), and its directory must exist
//! as a writable directory or be creatable (its nearest existing ancestor a writable
//! directory). \throws OutputRefused for the first problem, e.g.
//! `refusing to write 'victim.json' (the sidecar of --out victim.csv): it is an input of this
//! command`.
void check_output_files(const std::vector<CommandFile>& outputs,
                        const std::vector<CommandFile>& inputs);

}  // namespace pbr::output
