// SPDX-License-Identifier: Apache-2.0
// merit - reading CSV rosters (LANGUAGE.md section 9)
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <map>
#include <system_error>

#include "common/limits.hpp"
#include "common/utf8.hpp"
#include "roster/build_state.hpp"

namespace merit {

namespace {

enum class cell_problem : std::uint8_t { none, stray_quote, after_quote, unterminated, bad_utf8 };

const char* problem_text(cell_problem p) noexcept {
  switch (p) {
    case cell_problem::stray_quote: return "quote inside an unquoted cell";
    case cell_problem::after_quote: return "text after a closing quote";
    case cell_problem::unterminated: return "quoted cell not closed before the end of the file";
    case cell_problem::bad_utf8: return "invalid UTF-8";
    case cell_problem::none: break;
  }
  return "";
}

struct csv_cell {
  std::string_view text;
  cell_problem problem = cell_problem::none;
};

/// Splits text into records, in place: a quoted cell's doubled quotes are
/// collapsed where it lies, so every cell is a view into the text.
class csv_scanner {
 public:
  csv_scanner(char* begin, char* end) noexcept : p_(begin), end_(end) {}

  /// The next record's cells and the line it starts on; false at the end.
  /// Blank lines are skipped.
  bool next(std::vector<csv_cell>& cells, std::uint32_t& line) {
    while (p_ < end_) {
      if (*p_ == '\n') {
        ++p_;
        ++line_;
      } else if (*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n') {
        p_ += 2;
        ++line_;
      } else {
        break;
      }
    }
    if (p_ >= end_) return false;
    line = line_;
    cells.clear();
    for (;;) {
      csv_cell c;
      unsigned char high = 0;
      if (p_ < end_ && *p_ == '"') {
        ++p_;
        char* const start = p_;
        char* w = p_;
        for (;;) {
          char* q = static_cast<char*>(std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_)));
          char* const seg_end = q ? q : end_;
          for (const char* x = p_; x < seg_end; ++x) {
            high |= static_cast<unsigned char>(*x);
            line_ += *x == '\n';
          }
          const auto len = static_cast<std::size_t>(seg_end - p_);
          if (w != p_) std::memmove(w, p_, len);
          w += len;
          if (!q) {
            p_ = end_;
            c.problem = cell_problem::unterminated;
            break;
          }
          if (q + 1 < end_ && q[1] == '"') {
            *w++ = '"';
            p_ = q + 2;
            continue;
          }
          p_ = q + 1;
          break;
        }
        c.text = std::string_view(start, static_cast<std::size_t>(w - start));
        if (c.problem == cell_problem::none && p_ < end_ && *p_ != ',' && *p_ != '\n' &&
            !(*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n')) {
          c.problem = cell_problem::after_quote;
          while (p_ < end_ && *p_ != ',' && *p_ != '\n') ++p_;
        }
      } else {
        char* const start = p_;
        bool quote = false;
        while (p_ < end_) {
          const char ch = *p_;
          if (ch == ',' || ch == '\n') break;
          quote |= ch == '"';
          high |= static_cast<unsigned char>(ch);
          ++p_;
        }
        const char* stop = p_;
        if (stop > start && stop[-1] == '\r') --stop;  // CRLF, or a CR ending the file
        c.text = std::string_view(start, static_cast<std::size_t>(stop - start));
        if (quote) c.problem = cell_problem::stray_quote;
      }
      if (c.problem == cell_problem::none && (high & 0x80) &&
          detail::find_invalid_utf8(c.text) != std::string_view::npos)
        c.problem = cell_problem::bad_utf8;
      cells.push_back(c);
      if (p_ >= end_) break;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '\r') ++p_;
      if (p_ < end_ && *p_ == '\n') {
        ++p_;
        ++line_;
      }
      break;
    }
    return true;
  }

  /// An upper bound on the records left (line ends, plus one).
  std::size_t records_left() const noexcept {
    std::size_t n = 1;
    for (const char* p = p_; p < end_;) {
      const void* q = std::memchr(p, '\n', static_cast<std::size_t>(end_ - p));
      if (!q) break;
      ++n;
      p = static_cast<const char*>(q) + 1;
    }
    return n;
  }

 private:
  char* p_;
  char* end_;
  std::uint32_t line_ = 1;
};

std::string column_label(std::size_t i) { return detail::cat("column ", std::to_string(i + 1)); }

}  // namespace

roster read_csv_text(std::vector<input_info> schema, std::string text, std::string_view name) {
  detail::roster_build_state s(std::move(schema));
  const std::string file(name);
  char* begin = text.data();
  char* const end = begin + text.size();
  if (text.size() >= 3 && std::memcmp(begin, "\xEF\xBB\xBF", 3) == 0) begin += 3;
  csv_scanner scan(begin, end);

  // The header row.
  std::vector<csv_cell> cells;
  std::uint32_t header_line = 0;
  if (!scan.next(cells, header_line))
    throw roster_error(roster_errc::format, file, 0, "the roster is empty (no header row)");
  const std::size_t ncols = cells.size();
  if (ncols > detail::max_roster_columns)
    throw roster_error(roster_errc::format, file, header_line,
                       detail::cat("the header row has ", std::to_string(ncols), " columns; at most ",
                                   std::to_string(detail::max_roster_columns), " are accepted"));
  std::vector<std::string> header(ncols);
  std::vector<std::ptrdiff_t> field_of_col(ncols, -1);
  std::vector<std::ptrdiff_t> col_of_field(s.schema.size(), -1);
  std::map<std::string_view, std::size_t> seen;
  const auto where = [&](std::uint32_t line) { return file + ":" + std::to_string(line) + ": "; };
  for (std::size_t i = 0; i < ncols; ++i) {
    if (cells[i].problem != cell_problem::none)
      throw roster_error(roster_errc::format, file, header_line,
                         detail::cat("header row, ", column_label(i), ": ", problem_text(cells[i].problem)));
    if (cells[i].text.size() > detail::max_cell_bytes)
      throw roster_error(roster_errc::format, file, header_line,
                         detail::cat("header row, ", column_label(i), ": longer than ",
                                     std::to_string(detail::max_cell_bytes), " bytes"));
    header[i] = std::string(cells[i].text);
  }
  for (std::size_t i = 0; i < ncols; ++i) {
    if (header[i].empty()) {
      s.warnings.push_back(where(header_line) + column_label(i) + " has no name; ignored");
      continue;
    }
    auto [it, fresh] = seen.emplace(header[i], i);
    if (!fresh)
      throw roster_error(roster_errc::format, file, header_line,
                         detail::cat("column ", detail::quote_cell(header[i]), " is named twice (columns ",
                                     std::to_string(it->second + 1), " and ", std::to_string(i + 1), ")"));
    auto f = s.by_name.find(header[i]);
    if (f == s.by_name.end()) {
      s.warnings.push_back(where(header_line) + "column " + detail::quote_cell(header[i]) +
                           " is not a declared field; ignored");
    } else {
      field_of_col[i] = static_cast<std::ptrdiff_t>(f->second);
      col_of_field[f->second] = static_cast<std::ptrdiff_t>(i);
    }
  }
  bool any = false;
  for (auto c : col_of_field) any |= c >= 0;
  if (!any) {
    std::string names;
    for (std::size_t f = 0; f < s.schema.size() && f < 4; ++f) names += (f ? ", " : "") + s.schema[f].name;
    if (s.schema.size() > 4) names += ", …";
    throw roster_error(roster_errc::format, file, header_line,
                       "the first row names none of the declared fields (" + names +
                           "); a roster needs a header row");
  }
  for (std::size_t f = 0; f < s.schema.size(); ++f) {
    if (col_of_field[f] < 0 && !s.rules[f].has_default && !s.rules[f].optional)
      s.warnings.push_back(file + ": no column for field '" + s.schema[f].name +
                           "', which has no default; every row lacks it");
  }

  // The records.
  s.state = detail::roster_build_state::mode::rows;
  const std::size_t estimate = std::min(scan.records_left(), detail::max_roster_rows);
  s.reserve(estimate);
  s.lines.reserve(estimate);
  std::uint32_t line = 0;
  const std::size_t nfields = s.schema.size();
  while (scan.next(cells, line)) {
    const std::size_t row = s.rows;
    if (row >= detail::max_roster_rows)
      throw roster_error(roster_errc::format, file, line,
                         detail::cat("more than ", std::to_string(detail::max_roster_rows), " rows"));
    s.begin_row(line);
    if (cells.size() != ncols) {
      if (cells.back().problem == cell_problem::unterminated)
        s.row_error(row, problem_text(cell_problem::unterminated));
      else
        s.row_error(row, detail::cat("expected ", std::to_string(ncols), " cells, found ", std::to_string(cells.size())));
      for (std::size_t f = 0; f < nfields; ++f) s.put_absent(f);
    } else {
      for (std::size_t i = 0; i < ncols; ++i) {
        if (field_of_col[i] < 0 && cells[i].problem != cell_problem::none) {
          s.row_error(row, detail::cat(header[i].empty() ? column_label(i)
                                                         : detail::cat("column ", detail::quote_cell(header[i])),
                                       ": ", problem_text(cells[i].problem)));
        }
      }
      for (std::size_t f = 0; f < nfields; ++f) {
        const std::ptrdiff_t col = col_of_field[f];
        if (col < 0) {
          s.put_missing(f, row);
        } else {
          const csv_cell& c = cells[static_cast<std::size_t>(col)];
          if (c.problem != cell_problem::none) s.put_bad(f, row, problem_text(c.problem));
          else if (c.text.size() > detail::max_cell_bytes)
            s.put_bad(f, row, detail::cat("cell longer than ", std::to_string(detail::max_cell_bytes), " bytes"));
          else s.put_cell(f, row, c.text, true);
        }
      }
    }
    s.end_row();
  }
  return s.finish();
}

roster read_csv(std::vector<input_info> schema, std::istream& in, std::string_view name) {
  std::string text;
  constexpr std::size_t chunk = std::size_t{1} << 20;
  while (in) {
    const std::size_t old = text.size();
    text.resize(old + chunk);
    in.read(text.data() + old, static_cast<std::streamsize>(chunk));
    text.resize(old + static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw roster_error(roster_errc::io, std::string(name), 0, "cannot read the roster");
  return read_csv_text(std::move(schema), std::move(text), name);
}

roster read_csv_file(std::vector<input_info> schema, const std::filesystem::path& path) {
  const std::string name = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw roster_error(roster_errc::io, name, 0,
                       std::string("cannot open the roster") + (err ? std::string(": ") + std::strerror(err) : ""));
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return read_csv(std::move(schema), in, name);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size || in.bad())
    throw roster_error(roster_errc::io, name, 0, "cannot read the roster");
  // The file may have grown since its size was taken.
  if (in.peek() != std::char_traits<char>::eof()) {
    std::string rest;
    constexpr std::size_t chunk = std::size_t{1} << 20;
    while (in) {
      const std::size_t old = rest.size();
      rest.resize(old + chunk);
      in.read(rest.data() + old, static_cast<std::streamsize>(chunk));
      rest.resize(old + static_cast<std::size_t>(in.gcount()));
    }
    text += rest;
  }
  return read_csv_text(std::move(schema), std::move(text), name);
}

}  // namespace merit
