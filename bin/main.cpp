// pbrsim: a thin command over the pbr::engine library. It dispatches to a subcommand and maps
// exceptions to exit codes: 0 ok, 1 runtime error, 2 usage or input error.
#include <unistd.h>

#include <boost/program_options/errors.hpp>
#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <streambuf>
#include <string>
#include <vector>

#include "bin/commands.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/core/version.hpp"
#include "engine/output/atomic_file.hpp"

namespace {

struct Subcommand {
  const char* name;
  int (*run)(const pbr::cli::CommandArgs&);
  const char* summary;
};

constexpr Subcommand SUBCOMMANDS[] = {
    {"run", pbr::cli::cmd_run, "simulate a scenario and write summary, monthly and risk CSVs"},
    {"validate", pbr::cli::cmd_validate, "check scenario files and report every problem"},
    {"schema", pbr::cli::cmd_schema, "print the scenario JSON Schema"},
    {"sweep", pbr::cli::cmd_sweep, "run a batch of scenario variants into one CSV"},
    {"merge", pbr::cli::cmd_merge, "join the outputs of sweep shards"},
    {"calibrate", pbr::cli::cmd_calibrate, "find band tariffs that remove the gaming incentive"},
    {"psa", pbr::cli::cmd_psa, "how sure is the verdict when inputs are uncertain (PSA)"},
    {"report", pbr::cli::cmd_report, "write an HTML report (charts, verdict) of a run or sweep"},
};

void print_usage(std::ostream& out) {
  out << "pbrsim " << pbr::core::ENGINE_VERSION
      << ": Payment-by-Results drug and alcohol treatment cohort simulator\n\n"
         "Usage: pbrsim <command> [options]\n       pbrsim --version | --help\n\nCommands:\n";
  for (const auto& c : SUBCOMMANDS) {
    out << "  " << c.name << std::string(12 - std::string(c.name).size(), ' ') << c.summary << "\n";
  }
  out << "\nRun 'pbrsim <command> --help' for a command's options.\n"
         "Exit status: 0 success, 1 runtime error (also a failed write to standard output),\n"
         "2 invalid input or usage, 3 (calibrate) the objective was not met.\n";
}

// Standard output through write(2), so that a failure keeps its reason: stdio's and
// iostreams' error flags do not say why a write failed.
class StdoutBuffer : public std::streambuf {
 public:
  // On a terminal each complete line is shown at once, as stdio would.
  StdoutBuffer() : line_buffered_(::isatty(STDOUT_FILENO) == 1) {
    setp(buffer_, buffer_ + sizeof buffer_);
  }
  StdoutBuffer(const StdoutBuffer&) = delete;
  StdoutBuffer& operator=(const StdoutBuffer&) = delete;
  ~StdoutBuffer() override { drain(); }

  //! errno of the first failed write, 0 when every write succeeded.
  [[nodiscard]] int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
      if (line_buffered_ && traits_type::to_char_type(c) == '\n' && !drain()) {
        return traits_type::eof();
      }
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    const std::streamsize written = std::streambuf::xsputn(s, n);
    if (line_buffered_ && std::char_traits<char>::find(s, static_cast<std::size_t>(n), '\n')) {
      drain();
    }
    return written;
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* data = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_, buffer_ + sizeof buffer_);  // on failure the bytes are dropped, not retried
    while (left > 0 && error_ == 0) {
      const ssize_t n = ::write(STDOUT_FILENO, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        break;
      }
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    return error_ == 0;
  }

  bool line_buffered_;
  char buffer_[1 << 16];
  int error_ = 0;
};

StdoutBuffer& stdout_buffer() {
  static StdoutBuffer buffer;
  return buffer;
}

// A command's results on stdout count only if they arrived: a failed write (a full disk,
// `> /dev/full`, a closed pipe) turns a success into a runtime error, with a message.
int checked_stdout(const char* command, int status) {
  std::cout.flush();
  const int err = stdout_buffer().error();
  if (err == 0 && std::cout) return status;
  std::cerr << "pbrsim " << command << ": cannot write to standard output"
            << (err != 0 ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
  return status == pbr::cli::EXIT_OK ? pbr::cli::EXIT_RUNTIME_ERROR : status;
}

}  // namespace

// Everything main does, with standard output going through stdout_buffer().
int run_main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? pbr::cli::EXIT_INPUT_ERROR : checked_stdout("--help", pbr::cli::EXIT_OK);
  }
  if (args[0] == "--version") {
    std::cout << "pbrsim " << pbr::core::ENGINE_VERSION << " (" << pbr::core::GIT_SHA << ")\n";
    return checked_stdout("--version", pbr::cli::EXIT_OK);
  }
  for (const auto& c : SUBCOMMANDS) {
    if (args[0] != c.name) continue;
    int status = pbr::cli::EXIT_RUNTIME_ERROR;
    try {
      status = c.run(pbr::cli::CommandArgs(args.begin() + 1, args.end()));
    } catch (const pbr::core::InputError& e) {
      std::cerr << e.what() << "\n";
      status = pbr::cli::EXIT_INPUT_ERROR;
    } catch (const pbr::output::OutputRefused& e) {
      std::cerr << "pbrsim " << c.name << ": " << e.what() << "\n";
      status = pbr::cli::EXIT_INPUT_ERROR;
    } catch (const boost::program_options::error& e) {
      std::cerr << "pbrsim " << c.name << ": " << e.what() << "\n";
      status = pbr::cli::EXIT_INPUT_ERROR;
    } catch (const pbr::output::WriteFailed& e) {
      // "writing out/x.csv: No space left on device": the system's failure, not ours.
      std::cerr << "pbrsim " << c.name << ": " << e.what() << "\n";
      status = pbr::cli::EXIT_RUNTIME_ERROR;
    } catch (const std::exception& e) {
      std::cerr << "pbrsim " << c.name << ": internal error: " << e.what() << "\n";
      status = pbr::cli::EXIT_RUNTIME_ERROR;
    }
    return checked_stdout(c.name, status);
  }
  std::cerr << "pbrsim: unknown command '" << args[0] << "'\n\n";
  print_usage(std::cerr);
  return pbr::cli::EXIT_INPUT_ERROR;
}

int main(int argc, char** argv) {
  // Restored before exit, so that nothing writes through the buffer once it is gone.
  std::streambuf* const original = std::cout.rdbuf(&stdout_buffer());
  const int status = run_main(argc, argv);
  std::cout.flush();
  std::cout.rdbuf(original);
  return status;
}
