#pragma once
// Helpers shared by the scenario reader tests: repository paths, file reading, rendering of
// InputError diagnostics with the repository prefix removed, and temporary directories.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"

namespace pbr::test {

inline std::string source_path(const std::string& relative) {
  return std::string(PBR_SOURCE_DIR) + "/" + relative;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

//! Every diagnostic on its own line, with "<source dir>/" removed so that expected messages
//! read as if pbrsim were run from the repository root.
inline std::string render_relative(const std::vector<core::Diagnostic>& diagnostics) {
  const std::string prefix = std::string(PBR_SOURCE_DIR) + "/";
  std::string out;
  for (const auto& d : diagnostics) {
    std::string line = d.to_string();
    for (auto pos = line.find(prefix); pos != std::string::npos; pos = line.find(prefix))
      line.erase(pos, prefix.size());
    out += line + "\n";
  }
  return out;
}

//! The *.json files of a repository directory, sorted; empty when it does not exist.
inline std::vector<std::string> json_files(const std::string& relative_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  const auto dir = source_path(relative_dir);
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

//! A fresh temporary directory, removed when the object goes out of scope.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("pbr_format_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    write_text(file(name), text);
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

}  // namespace pbr::test

namespace pbr::test {

//! Removes `//` comments (outside strings) from JSON-with-comments text.
inline std::string strip_line_comments(const std::string& text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size())
        out += text[++i];
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

//! The annotated example of docs/scenario-format.md, comments removed.
inline std::string doc_example_text() {
  const std::string doc = read_text(source_path("docs/scenario-format.md"));
  const auto section = doc.find("## A complete annotated example");
  const auto start = doc.find("```jsonc\n", section);
  const auto end = doc.find("\n```", start + 9);
  if (section == std::string::npos || start == std::string::npos || end == std::string::npos)
    return "";
  return strip_line_comments(doc.substr(start + 9, end - start - 9));
}

}  // namespace pbr::test
