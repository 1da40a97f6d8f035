// SPDX-License-Identifier: Apache-2.0
// merit - the C API: shims from merit.h onto the C++ library
#include "merit/merit.h"

#include <charconv>
#include <chrono>
#include <cstddef>
#include <limits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "merit/merit.hpp"

// Both headers define the version macros; identical redefinition is legal,
// and a differing one would be a compile error here (and is tested).
static_assert(MERIT_VERSION_NUMBER == MERIT_VERSION_MAJOR * 10000 + MERIT_VERSION_MINOR * 100 + MERIT_VERSION_PATCH);

// ---------------------------------------------------------------------------
// Handles
// ---------------------------------------------------------------------------

namespace merit::detail {

// Magic numbers: a handle of the wrong kind (a cast pointer) is caught even
// when it is live.
constexpr std::uint32_t program_magic = 0x4d505247u;  // "MPRG"
constexpr std::uint32_t roster_magic = 0x4d525354u;   // "MRST"
constexpr std::uint32_t result_magic = 0x4d525354u ^ 0x00ff00ffu;

// Live handles by address. A freed handle's memory cannot be read to see a
// poisoned magic number (that is itself a use after free), so the table is
// consulted before any handle is dereferenced. It is process-wide but holds
// no program state: only which addresses are live handles of which kind.
struct handle_table {
  std::mutex mu;
  std::unordered_map<const void*, std::uint32_t> live;
};

handle_table& handles() {
  static handle_table* t = new handle_table;  // never destroyed: handles may be freed during exit
  return *t;
}

void register_handle(const void* p, std::uint32_t magic) {
  handle_table& t = handles();
  std::lock_guard lock(t.mu);
  t.live[p] = magic;
}

// True when p was live and of this kind; removes it.
bool unregister_handle(const void* p, std::uint32_t magic) {
  handle_table& t = handles();
  std::lock_guard lock(t.mu);
  auto it = t.live.find(p);
  if (it == t.live.end() || it->second != magic) return false;
  t.live.erase(it);
  return true;
}

bool is_live(const void* p, std::uint32_t magic) noexcept {
  handle_table& t = handles();
  std::lock_guard lock(t.mu);
  auto it = t.live.find(p);
  return it != t.live.end() && it->second == magic;
}

thread_local std::string last_error;

int fail(int code, std::string_view message) noexcept {
  try {
    last_error.assign(message);
  } catch (...) {
    last_error.clear();  // no memory for the message: the code still says it
  }
  return code;
}

// The one place where exceptions stop: every shim body runs in here.
template <class F>
int capi_guard(F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(MERIT_E_NOMEM, "out of memory");
  } catch (const merit::usage_error& e) {
    return fail(MERIT_E_USAGE, e.what());
  } catch (const merit::budget_error& e) {
    return fail(MERIT_E_BUDGET, e.what());
  } catch (const merit::roster_error& e) {
    return fail(e.code() == merit::roster_errc::io ? MERIT_E_IO : MERIT_E_DATA, e.what());
  } catch (const std::length_error& e) {
    return fail(MERIT_E_USAGE, e.what());
  } catch (const std::logic_error& e) {
    // roster_builder misuse: unknown field, wrong column type or length,
    // a column set twice, rows mixed with columns.
    return fail(MERIT_E_USAGE, e.what());
  } catch (const std::exception& e) {
    return fail(MERIT_E_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(MERIT_E_INTERNAL, "internal error: unknown exception");
  }
}

int misuse(std::string_view what) noexcept { return fail(MERIT_E_MISUSE, what); }

// The size of merit_eval_options as version `version` of the header
// declared it: version 1 ends after param_values.
std::size_t options_size(unsigned version) noexcept {
  if (version <= 1) return offsetof(merit_eval_options, param_values) + sizeof(const char* const*);
  return sizeof(merit_eval_options);
}

// Two schemas describe the same input (a roster may serve any program
// compiled from the same input block).
bool same_schema(const std::vector<input_info>& a, const std::vector<input_info>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].type != b[i].type || a[i].members != b[i].members ||
        a[i].key != b[i].key || a[i].optional != b[i].optional || a[i].lo != b[i].lo ||
        a[i].hi != b[i].hi || a[i].default_value != b[i].default_value)
      return false;
  }
  return true;
}

int type_code(ast::type_kind k) noexcept {
  switch (k) {
    case ast::type_kind::int_: return MERIT_TYPE_INT;
    case ast::type_kind::decimal: return MERIT_TYPE_DECIMAL;
    case ast::type_kind::bool_: return MERIT_TYPE_BOOL;
    case ast::type_kind::text: return MERIT_TYPE_TEXT;
    case ast::type_kind::date: return MERIT_TYPE_DATE;
    case ast::type_kind::enum_: return MERIT_TYPE_ENUM;
    case ast::type_kind::none: break;
  }
  return 0;
}

const char* opt_cstr(const std::optional<std::string>& s) noexcept { return s ? s->c_str() : nullptr; }

std::vector<const char*> cstrs(const std::vector<std::string>& v) {
  std::vector<const char*> out;
  out.reserve(v.size());
  for (const auto& s : v) out.push_back(s.c_str());
  return out;
}

}  // namespace merit::detail

using merit::detail::capi_guard;
using merit::detail::fail;
using merit::detail::misuse;

// The C structs point into the C++ vectors beside them; those are filled
// once, before any pointer is taken, and never change afterwards.
struct merit_program {
  std::uint32_t magic = merit::detail::program_magic;
  std::optional<merit::program> prog;
  std::vector<merit::input_info> inputs;
  // The inputs once more, shared with every roster made for the program, and
  // read into validation rules once for all their builders.
  std::shared_ptr<const std::vector<merit::input_info>> shared_inputs;
  merit::prepared_schema prepared;
  std::vector<merit::param_info> params;
  std::vector<merit::stage_info> stages;
  std::vector<std::string> tiers;
  std::vector<merit::diagnostic> diags;
  std::string errmsg;

  std::vector<merit_diagnostic> c_diags;
  std::vector<std::vector<const char*>> input_members, param_members, stage_by, stage_tiers;
  std::vector<merit_input> c_inputs;
  std::vector<merit_param> c_params;
  std::vector<merit_stage> c_stages;
  std::vector<const char*> c_tiers;
};

struct merit_roster {
  std::uint32_t magic = merit::detail::roster_magic;
  std::shared_ptr<const std::vector<merit::input_info>> schema;  // the inputs it was made for
  std::mutex mu;  // guards the builder → finished transition
  std::optional<merit::roster_builder> builder;
  std::shared_ptr<const merit::roster> finished;
  std::vector<merit_data_error> c_errors;
  std::vector<const char*> c_warnings;
};

struct merit_result {
  std::uint32_t magic = merit::detail::result_magic;
  merit::result res;
  std::optional<merit::program> prog;
  std::shared_ptr<const merit::roster> rows;
  merit::eval_options options;
  std::size_t output_count = 0;
  std::string text;  // the latest JSON or explanation
  // Text columns (ids, scores, outputs), each made on first use, for
  // merit_result_read_texts and the accessors that return text: entry i
  // starts at offsets[i] and ends with a NUL. A result belongs to one thread
  // at a time (merit.h), so making them needs no lock.
  struct packed_texts {
    bool made = false;
    std::string data;
    std::vector<std::int64_t> offsets;
    std::vector<std::uint8_t> valid;
  };
  mutable std::vector<packed_texts> packed;  // MERIT_TEXT_* order
  struct packed_list {
    bool made = false;
    std::string data;
    std::vector<std::int64_t> counts;
  };
  packed_list lists[2];  // MERIT_LIST_* order
};

namespace {

using namespace merit::detail;

const merit_program* live_program(const merit_program* p) {
  return p && is_live(p, program_magic) && p->magic == program_magic ? p : nullptr;
}
merit_roster* live_roster(const merit_roster* r) {
  return r && is_live(r, roster_magic) && r->magic == roster_magic ? const_cast<merit_roster*>(r) : nullptr;
}
merit_result* live_result(const merit_result* r) {
  return r && is_live(r, result_magic) && r->magic == result_magic ? const_cast<merit_result*>(r) : nullptr;
}

constexpr const char* bad_program = "invalid program handle (NULL, freed, or not a merit_program)";
constexpr const char* bad_roster = "invalid roster handle (NULL, freed, or not a merit_roster)";
constexpr const char* bad_result = "invalid result handle (NULL, freed, or not a merit_result)";

// The program, when the handle is live and compiled.
const merit_program* compiled_program(const merit_program* p, int& rc) {
  const merit_program* h = live_program(p);
  if (!h) {
    rc = misuse(bad_program);
    return nullptr;
  }
  if (!h->prog) {
    rc = misuse("the program did not compile; only its diagnostics can be read");
    return nullptr;
  }
  return h;
}

void fill_program(merit_program& h) {
  for (const auto& d : h.diags) {
    merit_diagnostic c{};
    c.severity = d.severity == merit::severity::error     ? MERIT_SEVERITY_ERROR
                 : d.severity == merit::severity::warning ? MERIT_SEVERITY_WARNING
                                                          : MERIT_SEVERITY_NOTE;
    c.line = d.loc.line;
    c.column = d.loc.column;
    c.byte_offset = d.where.begin;
    c.byte_end = d.where.end;
    c.code = d.code.c_str();
    c.message = d.message.c_str();
    c.hint = d.hint.c_str();
    h.c_diags.push_back(c);
  }
  if (!h.prog) return;
  h.inputs = h.prog->inputs();
  h.shared_inputs = std::make_shared<const std::vector<merit::input_info>>(h.inputs);
  h.prepared = merit::prepare_schema(h.inputs);
  h.params = h.prog->params();
  h.stages = h.prog->stages();
  h.tiers = h.prog->tiers();
  for (const auto& in : h.inputs) h.input_members.push_back(cstrs(in.members));
  for (const auto& p : h.params) h.param_members.push_back(cstrs(p.members));
  for (const auto& s : h.stages) {
    h.stage_by.push_back(cstrs(s.by));
    std::vector<const char*> tiers;
    for (const auto& t : s.tiers) tiers.push_back(t.name.c_str());
    h.stage_tiers.push_back(std::move(tiers));
  }
  for (std::size_t i = 0; i < h.inputs.size(); ++i) {
    const auto& in = h.inputs[i];
    h.c_inputs.push_back({in.name.c_str(), type_code(in.type), in.key ? 1 : 0, in.optional ? 1 : 0,
                          opt_cstr(in.lo), opt_cstr(in.hi), opt_cstr(in.default_value),
                          h.input_members[i].size(), h.input_members[i].data()});
  }
  for (std::size_t i = 0; i < h.params.size(); ++i) {
    const auto& p = h.params[i];
    h.c_params.push_back({p.name.c_str(), type_code(p.type), opt_cstr(p.default_value),
                          h.param_members[i].size(), h.param_members[i].data()});
  }
  for (std::size_t i = 0; i < h.stages.size(); ++i) {
    const auto& s = h.stages[i];
    h.c_stages.push_back({s.name.c_str(), s.from.c_str(), h.stage_by[i].size(), h.stage_by[i].data(),
                          h.stage_tiers[i].size(), h.stage_tiers[i].data(), s.ties_share ? 1 : 0});
  }
  h.c_tiers = cstrs(h.tiers);
}

int compile_text(merit_program** out, std::string_view text, std::string_view filename) {
  auto h = std::make_unique<merit_program>();
  merit::compile_result r = merit::compile(text, filename);
  h->diags = std::move(r.diagnostics);
  h->prog = std::move(r.program);
  for (const auto& d : h->diags) h->errmsg += merit::format_diagnostic(r.source, d);
  fill_program(*h);
  const bool ok = h->prog.has_value();
  std::string first;
  if (!ok) {
    for (const auto& d : h->diags) {
      if (d.severity != merit::severity::error) continue;
      first = std::string(filename) + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) +
              ": " + d.message;
      break;
    }
  }
  register_handle(h.get(), program_magic);
  *out = h.release();
  return ok ? MERIT_OK : fail(MERIT_E_COMPILE, first.empty() ? "the scheme has errors" : first);
}

// Finishes a roster once (thread-safe) and makes its C error list.
std::shared_ptr<const merit::roster> finish_roster(merit_roster& r) {
  std::lock_guard lock(r.mu);
  if (!r.finished) {
    auto done = std::make_shared<const merit::roster>(r.builder->finish());
    r.builder.reset();
    r.finished = done;
  }
  if (r.c_errors.size() != r.finished->errors().size() || r.c_warnings.size() != r.finished->warnings().size()) {
    r.c_errors.clear();
    for (const auto& e : r.finished->errors())
      r.c_errors.push_back({e.row, e.line, e.field.c_str(), e.message.c_str()});
    r.c_warnings.clear();
    for (const auto& w : r.finished->warnings()) r.c_warnings.push_back(w.c_str());
  }
  return r.finished;
}

merit_roster* make_finished_roster(std::shared_ptr<const std::vector<merit::input_info>> schema, merit::roster rows) {
  auto h = std::make_unique<merit_roster>();
  h->schema = std::move(schema);
  h->finished = std::make_shared<const merit::roster>(std::move(rows));
  finish_roster(*h);
  register_handle(h.get(), roster_magic);
  return h.release();
}

// A builder ready for a setter, or a failure code in rc.
merit::roster_builder* building(merit_roster* r, const char* field, int& rc) {
  merit_roster* h = live_roster(r);
  if (!h) {
    rc = misuse(bad_roster);
    return nullptr;
  }
  if (!h->builder) {
    rc = misuse("the roster is finished; it can no longer be changed");
    return nullptr;
  }
  (void)field;
  return &*h->builder;
}

int set_text_cells(merit_roster* roster, const char* field,
                   const std::vector<std::optional<std::string_view>>& cells) {
  int rc = MERIT_OK;
  merit::roster_builder* b = building(roster, field, rc);
  if (!b) return rc;
  b->set_cells(field, cells);
  return MERIT_OK;
}

std::span<const std::uint8_t> valid_span(const std::uint8_t* valid, std::size_t n) {
  return valid ? std::span<const std::uint8_t>(valid, n) : std::span<const std::uint8_t>();
}

// Text column `col` (MERIT_TEXT_*) of a result, made on first use.
const merit_result::packed_texts& texts_of(const merit_result& h, std::size_t col) {
  auto& p = h.packed[col];
  if (p.made) return p;
  const merit::candidate_table& cs = h.res.candidates;
  const std::size_t n = cs.size();
  p.offsets.resize(n + 1);
  p.valid.assign(n, 0);
  p.offsets[0] = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (col == MERIT_TEXT_ID) {
      if (cs.has_id(i)) {
        p.valid[i] = 1;
        p.data += cs.id_text(i);
      }
    } else if (col == MERIT_TEXT_SCORE) {
      if (cs.has_score(i)) {
        p.valid[i] = 1;
        p.data += cs.score(i).to_string();
      }
    } else {
      const merit::value& v = cs.output(i, col - MERIT_TEXT_OUTPUT);
      if (!v.is_null()) {
        p.valid[i] = 1;
        p.data += v.to_string();
      }
    }
    p.data.push_back('\0');
    p.offsets[i + 1] = static_cast<std::int64_t>(p.data.size());
  }
  p.made = true;
  return p;
}

// Entry i of text column `col`, or NULL when it has none.
const char* text_at(const merit_result& h, std::size_t col, std::size_t i) {
  const auto& p = texts_of(h, col);
  return p.valid[i] ? p.data.data() + p.offsets[i] : nullptr;
}

// Whether candidate i of a live result exists; otherwise a failure code in rc.
bool candidate_at(const merit_result* r, std::size_t i, int& rc, const merit_result** hout) {
  const merit_result* h = live_result(r);
  if (!h) {
    rc = misuse(bad_result);
    return false;
  }
  if (i >= h->res.candidates.size()) {
    rc = fail(MERIT_E_USAGE, "candidate index " + std::to_string(i) + " is out of range (the result has " +
                                 std::to_string(h->res.candidates.size()) + " candidates)");
    return false;
  }
  *hout = h;
  return true;
}

const merit::stage_place* stage_at(const merit_result* r, std::size_t i, std::size_t s, int& rc,
                                   const merit_result** hout) {
  if (!candidate_at(r, i, rc, hout)) return nullptr;
  const merit::candidate_table& cs = (*hout)->res.candidates;
  if (s >= (*hout)->res.stages.size() || s >= cs.stage_width()) {
    rc = fail(MERIT_E_USAGE, "stage index " + std::to_string(s) + " is out of range (the result has " +
                                 std::to_string((*hout)->res.stages.size()) + " stages)");
    return nullptr;
  }
  return &cs.place(i, s);
}

int out_of_range(const char* what, std::size_t i, std::size_t n) {
  return fail(MERIT_E_USAGE, std::string(what) + " index " + std::to_string(i) + " is out of range (there are " +
                                 std::to_string(n) + ")");
}

}  // namespace

// ---------------------------------------------------------------------------
// Versions and errors
// ---------------------------------------------------------------------------

extern "C" {

const char* merit_version(void) { return MERIT_VERSION_STRING; }
int merit_version_number(void) { return MERIT_VERSION_NUMBER; }
int merit_abi_version(void) { return MERIT_ABI_VERSION; }

const char* merit_errstr(int code) {
  switch (code) {
    case MERIT_OK: return "ok";
    case MERIT_E_COMPILE: return "compile error";
    case MERIT_E_DATA: return "data error";
    case MERIT_E_USAGE: return "usage error";
    case MERIT_E_IO: return "I/O error";
    case MERIT_E_NOMEM: return "out of memory";
    case MERIT_E_MISUSE: return "API misuse";
    case MERIT_E_INTERNAL: return "internal error";
    case MERIT_E_BUDGET: return "time limit exceeded";
    default: return "unknown error";
  }
}

const char* merit_last_errmsg(void) { return merit::detail::last_error.c_str(); }

// ---------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------

int merit_program_compile(merit_program** out, const char* text, size_t len, const char* filename) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_compile: out is NULL");
    *out = nullptr;
    if (!text) return misuse("merit_program_compile: text is NULL");
    const std::string_view body(text, len == MERIT_NTS ? std::strlen(text) : len);
    return compile_text(out, body, filename ? filename : "<input>");
  });
}

int merit_program_compile_file(merit_program** out, const char* path) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_compile_file: out is NULL");
    *out = nullptr;
    if (!path) return misuse("merit_program_compile_file: path is NULL");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(MERIT_E_IO, std::string("cannot open '") + path + "'");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) return fail(MERIT_E_IO, std::string("cannot read '") + path + "'");
    return compile_text(out, buf.str(), path);
  });
}

void merit_program_free(merit_program* program) {
  if (!program) return;
  if (!merit::detail::unregister_handle(program, program_magic)) {
    fail(MERIT_E_MISUSE, "merit_program_free: not a live program handle (freed twice?)");
    return;
  }
  program->magic = 0;
  delete program;
}

const char* merit_program_errmsg(const merit_program* program) {
  const merit_program* h = live_program(program);
  return h ? h->errmsg.c_str() : bad_program;
}

int merit_program_diagnostic_count(size_t* out, const merit_program* program) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_diagnostic_count: out is NULL");
    *out = 0;
    const merit_program* h = live_program(program);
    if (!h) return misuse(bad_program);
    *out = h->c_diags.size();
    return MERIT_OK;
  });
}

int merit_program_diagnostic_get(const merit_diagnostic** out, const merit_program* program, size_t i) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_diagnostic_get: out is NULL");
    *out = nullptr;
    const merit_program* h = live_program(program);
    if (!h) return misuse(bad_program);
    if (i >= h->c_diags.size()) return out_of_range("diagnostic", i, h->c_diags.size());
    *out = &h->c_diags[i];
    return MERIT_OK;
  });
}

int merit_program_name(const char** out, const merit_program* program) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_name: out is NULL");
    *out = nullptr;
    int rc = MERIT_OK;
    const merit_program* h = compiled_program(program, rc);
    if (!h) return rc;
    *out = h->prog->scheme_name().c_str();
    return MERIT_OK;
  });
}

}  // extern "C"

namespace {

template <class T>
int program_count(size_t* out, const merit_program* program, const char* fn,
                  const std::vector<T> merit_program::*member) {
  return capi_guard([&] {
    if (!out) return misuse(std::string(fn) + ": out is NULL");
    *out = 0;
    int rc = MERIT_OK;
    const merit_program* h = compiled_program(program, rc);
    if (!h) return rc;
    *out = (h->*member).size();
    return MERIT_OK;
  });
}

template <class T>
int program_get(const T** out, const merit_program* program, size_t i, const char* fn, const char* what,
                const std::vector<T> merit_program::*member) {
  return capi_guard([&] {
    if (!out) return misuse(std::string(fn) + ": out is NULL");
    *out = nullptr;
    int rc = MERIT_OK;
    const merit_program* h = compiled_program(program, rc);
    if (!h) return rc;
    const auto& v = h->*member;
    if (i >= v.size()) return out_of_range(what, i, v.size());
    *out = &v[i];
    return MERIT_OK;
  });
}

}  // namespace

extern "C" {

int merit_program_input_count(size_t* out, const merit_program* program) {
  return program_count(out, program, "merit_program_input_count", &merit_program::c_inputs);
}
int merit_program_input_get(const merit_input** out, const merit_program* program, size_t i) {
  return program_get(out, program, i, "merit_program_input_get", "input", &merit_program::c_inputs);
}
int merit_program_param_count(size_t* out, const merit_program* program) {
  return program_count(out, program, "merit_program_param_count", &merit_program::c_params);
}
int merit_program_param_get(const merit_param** out, const merit_program* program, size_t i) {
  return program_get(out, program, i, "merit_program_param_get", "param", &merit_program::c_params);
}
int merit_program_stage_count(size_t* out, const merit_program* program) {
  return program_count(out, program, "merit_program_stage_count", &merit_program::c_stages);
}
int merit_program_stage_get(const merit_stage** out, const merit_program* program, size_t i) {
  return program_get(out, program, i, "merit_program_stage_get", "stage", &merit_program::c_stages);
}
int merit_program_tier_count(size_t* out, const merit_program* program) {
  return program_count(out, program, "merit_program_tier_count", &merit_program::c_tiers);
}
int merit_program_tier_get(const char** out, const merit_program* program, size_t i) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_tier_get: out is NULL");
    *out = nullptr;
    int rc = MERIT_OK;
    const merit_program* h = compiled_program(program, rc);
    if (!h) return rc;
    if (i >= h->c_tiers.size()) return out_of_range("tier", i, h->c_tiers.size());
    *out = h->c_tiers[i];
    return MERIT_OK;
  });
}

int merit_program_input_find(size_t* out, const merit_program* program, const char* name) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_input_find: out is NULL");
    *out = 0;
    if (!name) return misuse("merit_program_input_find: name is NULL");
    int rc = MERIT_OK;
    const merit_program* h = compiled_program(program, rc);
    if (!h) return rc;
    for (std::size_t i = 0; i < h->inputs.size(); ++i) {
      if (h->inputs[i].name == name) {
        *out = i;
        return MERIT_OK;
      }
    }
    return fail(MERIT_E_USAGE, std::string("the scheme has no input named '") + name + "'");
  });
}

// ---------------------------------------------------------------------------
// Rosters
// ---------------------------------------------------------------------------

int merit_roster_new(merit_roster** out, const merit_program* program) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_new: out is NULL");
    *out = nullptr;
    int rc = MERIT_OK;
    const merit_program* p = compiled_program(program, rc);
    if (!p) return rc;
    auto h = std::make_unique<merit_roster>();
    h->schema = p->shared_inputs;
    h->builder.emplace(p->prepared);
    register_handle(h.get(), roster_magic);
    *out = h.release();
    return MERIT_OK;
  });
}

void merit_roster_free(merit_roster* roster) {
  if (!roster) return;
  if (!merit::detail::unregister_handle(roster, roster_magic)) {
    fail(MERIT_E_MISUSE, "merit_roster_free: not a live roster handle (freed twice?)");
    return;
  }
  roster->magic = 0;
  delete roster;
}

#define MERIT_CHECK_COLUMN(fn)                                                       \
  if (!field) return misuse(fn ": field is NULL");                                   \
  if (!values && n > 0) return misuse(fn ": values is NULL");                        \
  int rc = MERIT_OK;                                                                 \
  merit::roster_builder* b = building(roster, field, rc);                            \
  if (!b) return rc

int merit_roster_set_ints(merit_roster* roster, const char* field, const int64_t* values, const uint8_t* valid,
                          size_t n) {
  return capi_guard([&] {
    MERIT_CHECK_COLUMN("merit_roster_set_ints");
    b->set_ints(field, std::span<const std::int64_t>(values, n), valid_span(valid, n));
    return MERIT_OK;
  });
}

int merit_roster_set_decimals_scaled(merit_roster* roster, const char* field, const int64_t* values,
                                     int32_t scale, const uint8_t* valid, size_t n) {
  return capi_guard([&] {
    MERIT_CHECK_COLUMN("merit_roster_set_decimals_scaled");
    if (scale < -34 || scale > 34)
      return fail(MERIT_E_USAGE, "merit_roster_set_decimals_scaled: scale " + std::to_string(scale) +
                                     " is outside [-34, 34] (field '" + field + "')");
    // value × 10^-scale, exactly; the builder keeps the values as they are
    // (a compact column) when the scale allows.
    b->set_decimals_scaled(field, std::span<const std::int64_t>(values, n), scale, valid_span(valid, n));
    return MERIT_OK;
  });
}

int merit_roster_set_doubles(merit_roster* roster, const char* field, const double* values, const uint8_t* valid,
                             size_t n) {
  return capi_guard([&] {
    if (!field) return misuse("merit_roster_set_doubles: field is NULL");
    if (!values && n > 0) return misuse("merit_roster_set_doubles: values is NULL");
    // Each double becomes its shortest round-trip text in plain notation
    // (std::to_chars picks the shortest digits that read back to the same
    // double), and the text is read as a cell: no binary arithmetic.
    std::string texts;
    std::vector<std::size_t> ends;
    ends.reserve(n);
    std::vector<std::uint8_t> present(n, 1);
    char buf[512];
    for (std::size_t i = 0; i < n; ++i) {
      const double d = values[i];
      if ((valid && !valid[i]) || std::isnan(d)) {
        present[i] = 0;
      } else {
        auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
        if (res.ec != std::errc()) throw std::runtime_error("double does not format");
        texts.append(buf, res.ptr);
      }
      ends.push_back(texts.size());
    }
    std::vector<std::optional<std::string_view>> cells(n);
    std::size_t begin = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (present[i]) cells[i] = std::string_view(texts).substr(begin, ends[i] - begin);
      begin = ends[i];
    }
    return set_text_cells(roster, field, cells);
  });
}

int merit_roster_set_bools(merit_roster* roster, const char* field, const uint8_t* values, const uint8_t* valid,
                           size_t n) {
  return capi_guard([&] {
    MERIT_CHECK_COLUMN("merit_roster_set_bools");
    b->set_bools(field, std::span<const std::uint8_t>(values, n), valid_span(valid, n));
    return MERIT_OK;
  });
}

int merit_roster_set_dates(merit_roster* roster, const char* field, const int32_t* days, const uint8_t* valid,
                           size_t n) {
  return capi_guard([&] {
    const int32_t* values = days;
    MERIT_CHECK_COLUMN("merit_roster_set_dates");
    std::vector<merit::date> ds(n);
    for (std::size_t i = 0; i < n; ++i) ds[i].days = values[i];
    b->set_dates(field, ds, valid_span(valid, n));
    return MERIT_OK;
  });
}

int merit_roster_set_cells(merit_roster* roster, const char* field, const char* const* cells, size_t n) {
  return capi_guard([&] {
    const char* const* values = cells;
    MERIT_CHECK_COLUMN("merit_roster_set_cells");
    std::vector<std::optional<std::string_view>> cs(n);
    for (std::size_t i = 0; i < n; ++i)
      if (values[i]) cs[i] = std::string_view(values[i]);
    b->set_cells(field, cs);
    return MERIT_OK;
  });
}

int merit_roster_set_texts_utf8(merit_roster* roster, const char* field, const char* data, const int64_t* offsets,
                                const uint8_t* valid, size_t n) {
  return capi_guard([&] {
    if (!field) return misuse("merit_roster_set_texts_utf8: field is NULL");
    if (!offsets) return misuse("merit_roster_set_texts_utf8: offsets is NULL");
    if (offsets[0] != 0)
      return fail(MERIT_E_USAGE, std::string("merit_roster_set_texts_utf8: offsets[0] must be 0 (field '") +
                                     field + "')");
    for (std::size_t i = 0; i < n; ++i) {
      if (offsets[i + 1] < offsets[i])
        return fail(MERIT_E_USAGE, "merit_roster_set_texts_utf8: offsets decrease at " + std::to_string(i + 1) +
                                       " (field '" + field + "')");
    }
    if (!data && offsets[n] > 0) return misuse("merit_roster_set_texts_utf8: data is NULL");
    std::vector<std::optional<std::string_view>> cs(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (valid && !valid[i]) continue;
      cs[i] = std::string_view(data + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
    }
    return set_text_cells(roster, field, cs);
  });
}

int merit_roster_add_row(merit_roster* roster, const char* const* cells, size_t n) {
  return capi_guard([&] {
    if (!cells && n > 0) return misuse("merit_roster_add_row: cells is NULL");
    int rc = MERIT_OK;
    merit::roster_builder* b = building(roster, nullptr, rc);
    if (!b) return rc;
    std::vector<std::optional<std::string_view>> cs(n);
    for (std::size_t i = 0; i < n; ++i)
      if (cells[i]) cs[i] = std::string_view(cells[i]);
    b->add_row(std::span<const std::optional<std::string_view>>(cs));
    return MERIT_OK;
  });
}

int merit_roster_add_row_named(merit_roster* roster, const char* const* names, const char* const* values,
                               size_t n) {
  return capi_guard([&] {
    if ((!names || !values) && n > 0) return misuse("merit_roster_add_row_named: names or values is NULL");
    int rc = MERIT_OK;
    merit::roster_builder* b = building(roster, nullptr, rc);
    if (!b) return rc;
    std::vector<merit::roster_builder::named_cell> cs(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!names[i]) return misuse("merit_roster_add_row_named: names[" + std::to_string(i) + "] is NULL");
      cs[i].name = names[i];
      if (values[i]) cs[i].value = std::string_view(values[i]);
    }
    b->add_row(std::span<const merit::roster_builder::named_cell>(cs));
    return MERIT_OK;
  });
}

int merit_roster_finish(merit_roster* roster) {
  return capi_guard([&] {
    merit_roster* h = live_roster(roster);
    if (!h) return misuse(bad_roster);
    finish_roster(*h);
    return MERIT_OK;
  });
}

int merit_roster_read_csv(merit_roster** out, const merit_program* program, const char* path) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_read_csv: out is NULL");
    *out = nullptr;
    if (!path) return misuse("merit_roster_read_csv: path is NULL");
    int rc = MERIT_OK;
    const merit_program* p = compiled_program(program, rc);
    if (!p) return rc;
    *out = make_finished_roster(p->shared_inputs, merit::read_csv_file(p->inputs, path));
    return MERIT_OK;
  });
}

int merit_roster_read_csv_text(merit_roster** out, const merit_program* program, const char* text, size_t len,
                               const char* name) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_read_csv_text: out is NULL");
    *out = nullptr;
    if (!text) return misuse("merit_roster_read_csv_text: text is NULL");
    int rc = MERIT_OK;
    const merit_program* p = compiled_program(program, rc);
    if (!p) return rc;
    std::string body(text, len == MERIT_NTS ? std::strlen(text) : len);
    *out = make_finished_roster(p->shared_inputs,
                                merit::read_csv_text(p->inputs, std::move(body), name ? name : "<roster>"));
    return MERIT_OK;
  });
}

int merit_roster_row_count(size_t* out, const merit_roster* roster) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_row_count: out is NULL");
    *out = 0;
    merit_roster* h = live_roster(roster);
    if (!h) return misuse(bad_roster);
    std::lock_guard lock(h->mu);
    *out = h->finished ? h->finished->rows() : h->builder->rows();
    return MERIT_OK;
  });
}

}  // extern "C"

namespace {

const merit_roster* finished_roster(const merit_roster* roster, int& rc) {
  merit_roster* h = live_roster(roster);
  if (!h) {
    rc = misuse(bad_roster);
    return nullptr;
  }
  std::lock_guard lock(h->mu);
  if (!h->finished) {
    rc = misuse("the roster is not finished yet (call merit_roster_finish)");
    return nullptr;
  }
  return h;
}

// The size of one of a live result's lists (`list` picks it).
template <class List>
int result_count(size_t* out, const merit_result* result, const char* fn, List list) {
  return capi_guard([&] {
    if (!out) return misuse(std::string(fn) + ": out is NULL");
    *out = 0;
    const merit_result* h = live_result(result);
    if (!h) return misuse(bad_result);
    *out = list(*h).size();
    return MERIT_OK;
  });
}

// Entry i of one of a live result's lists, as the text `text` gives.
template <class List, class Text>
int result_text(const char** out, const merit_result* result, size_t i, const char* fn, const char* what, List list,
                Text text) {
  return capi_guard([&] {
    if (!out) return misuse(std::string(fn) + ": out is NULL");
    *out = nullptr;
    const merit_result* h = live_result(result);
    if (!h) return misuse(bad_result);
    const auto& l = list(*h);
    if (i >= l.size()) return out_of_range(what, i, l.size());
    *out = text(l[i]);
    return MERIT_OK;
  });
}

const char* c_text(const std::string& s) { return s.c_str(); }

const std::vector<std::string>& output_names(const merit_result& h) { return h.res.output_names; }
const std::vector<merit::stage_summary>& stages(const merit_result& h) { return h.res.stages; }
const std::vector<std::string>& warnings(const merit_result& h) { return h.res.warnings; }

}  // namespace

extern "C" {

int merit_roster_error_count(size_t* out, const merit_roster* roster) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_error_count: out is NULL");
    *out = 0;
    int rc = MERIT_OK;
    const merit_roster* h = finished_roster(roster, rc);
    if (!h) return rc;
    *out = h->c_errors.size();
    return MERIT_OK;
  });
}

int merit_roster_error_get(const merit_data_error** out, const merit_roster* roster, size_t i) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_error_get: out is NULL");
    *out = nullptr;
    int rc = MERIT_OK;
    const merit_roster* h = finished_roster(roster, rc);
    if (!h) return rc;
    if (i >= h->c_errors.size()) return out_of_range("roster error", i, h->c_errors.size());
    *out = &h->c_errors[i];
    return MERIT_OK;
  });
}

int merit_roster_warning_count(size_t* out, const merit_roster* roster) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_warning_count: out is NULL");
    *out = 0;
    int rc = MERIT_OK;
    const merit_roster* h = finished_roster(roster, rc);
    if (!h) return rc;
    *out = h->c_warnings.size();
    return MERIT_OK;
  });
}

int merit_roster_warning_get(const char** out, const merit_roster* roster, size_t i) {
  return capi_guard([&] {
    if (!out) return misuse("merit_roster_warning_get: out is NULL");
    *out = nullptr;
    int rc = MERIT_OK;
    const merit_roster* h = finished_roster(roster, rc);
    if (!h) return rc;
    if (i >= h->c_warnings.size()) return out_of_range("roster warning", i, h->c_warnings.size());
    *out = h->c_warnings[i];
    return MERIT_OK;
  });
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

int merit_eval_options_init(merit_eval_options* opts, unsigned version) {
  return capi_guard([&] {
    if (!opts) return misuse("merit_eval_options_init: opts is NULL");
    if (version == 0 || version > MERIT_EVAL_OPTIONS_VERSION)
      return misuse("merit_eval_options_init: unknown options version " + std::to_string(version));
    const merit_eval_options defaults = MERIT_EVAL_OPTIONS_INIT;
    // Only the fields of that version: an older caller's struct is shorter.
    std::memcpy(static_cast<void*>(opts), &defaults, options_size(version));
    opts->version = version;
    return MERIT_OK;
  });
}

int merit_program_evaluate(merit_result** out, const merit_program* program, merit_roster* roster,
                           const merit_eval_options* opts) {
  return capi_guard([&] {
    if (!out) return misuse("merit_program_evaluate: out is NULL");
    *out = nullptr;
    int rc = MERIT_OK;
    const merit_program* p = compiled_program(program, rc);
    if (!p) return rc;
    merit_roster* r = live_roster(roster);
    if (!r) return misuse(bad_roster);
    if (r->schema != p->shared_inputs && !same_schema(p->inputs, *r->schema))
      return misuse("merit_program_evaluate: the roster was made for a program with other inputs");
    merit::eval_options o;
    if (opts) {
      if (opts->version == 0 || opts->version > MERIT_EVAL_OPTIONS_VERSION)
        return misuse("merit_program_evaluate: unknown options version " + std::to_string(opts->version) +
                      " (initialise with MERIT_EVAL_OPTIONS_INIT)");
      o.lenient = opts->lenient != 0;
      o.explain = opts->explain != 0;
      o.threads = opts->threads == 0 ? 1 : opts->threads;
      if (opts->version >= 2 && opts->time_limit_ms > 0) {
        // Beyond what a milliseconds count holds is no limit at all.
        constexpr std::uint64_t most = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        if (opts->time_limit_ms < most)
          o.time_limit = std::chrono::milliseconds(static_cast<std::int64_t>(opts->time_limit_ms));
      }
      if (opts->param_count > 0 && (!opts->param_names || !opts->param_values))
        return misuse("merit_program_evaluate: param_names or param_values is NULL");
      for (std::size_t i = 0; i < opts->param_count; ++i) {
        if (!opts->param_names[i] || !opts->param_values[i])
          return misuse("merit_program_evaluate: param " + std::to_string(i) + " has a NULL name or value");
        o.params.emplace_back(opts->param_names[i], opts->param_values[i]);
      }
    }
    auto rows = finish_roster(*r);
    auto h = std::make_unique<merit_result>();
    h->prog = *p->prog;
    h->rows = rows;
    h->options = o;
    int code = MERIT_OK;
    std::string message;
    try {
      h->res = merit::evaluate(*p->prog, *rows, o);
    } catch (const merit::evaluation_error& e) {
      h->res = e.partial();
      code = MERIT_E_DATA;
      message = e.what();
    }
    h->output_count = h->res.output_names.size();
    h->packed.resize(MERIT_TEXT_OUTPUT + h->output_count);
    register_handle(h.get(), result_magic);
    *out = h.release();
    return code == MERIT_OK ? MERIT_OK : fail(code, message);
  });
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

void merit_result_free(merit_result* result) {
  if (!result) return;
  if (!merit::detail::unregister_handle(result, result_magic)) {
    fail(MERIT_E_MISUSE, "merit_result_free: not a live result handle (freed twice?)");
    return;
  }
  result->magic = 0;
  delete result;
}

#define MERIT_RESULT_HEAD(fn)                          \
  if (!out) return misuse(fn ": out is NULL");         \
  *out = {};                                           \
  const merit_result* h = live_result(result);         \
  if (!h) return misuse(bad_result)

int merit_result_candidate_count(size_t* out, const merit_result* result) {
  return capi_guard([&] {
    MERIT_RESULT_HEAD("merit_result_candidate_count");
    *out = h->res.candidates.size();
    return MERIT_OK;
  });
}

int merit_result_count_status(size_t* out, const merit_result* result, int status) {
  return capi_guard([&] {
    MERIT_RESULT_HEAD("merit_result_count_status");
    switch (status) {
      case MERIT_STATUS_ELIGIBLE: *out = h->res.eligible; break;
      case MERIT_STATUS_INELIGIBLE: *out = h->res.ineligible; break;
      case MERIT_STATUS_VETOED: *out = h->res.vetoed; break;
      case MERIT_STATUS_ERROR: *out = h->res.errors; break;
      default: return fail(MERIT_E_USAGE, "merit_result_count_status: unknown status " + std::to_string(status));
    }
    return MERIT_OK;
  });
}

int merit_result_output_count(size_t* out, const merit_result* result) {
  return result_count(out, result, "merit_result_output_count", output_names);
}
int merit_result_output_name(const char** out, const merit_result* result, size_t k) {
  return result_text(out, result, k, "merit_result_output_name", "output", output_names, c_text);
}
int merit_result_stage_count(size_t* out, const merit_result* result) {
  return result_count(out, result, "merit_result_stage_count", stages);
}
int merit_result_stage_name(const char** out, const merit_result* result, size_t s) {
  return result_text(out, result, s, "merit_result_stage_name", "stage", stages,
                     [](const merit::stage_summary& st) { return st.name.c_str(); });
}
int merit_result_warning_count(size_t* out, const merit_result* result) {
  return result_count(out, result, "merit_result_warning_count", warnings);
}
int merit_result_warning_get(const char** out, const merit_result* result, size_t i) {
  return result_text(out, result, i, "merit_result_warning_get", "warning", warnings, c_text);
}

#define MERIT_CANDIDATE_HEAD(fn)                                    \
  if (!out) return misuse(fn ": out is NULL");                      \
  *out = {};                                                        \
  int rc = MERIT_OK;                                                \
  const merit_result* h = nullptr;                                  \
  if (!candidate_at(result, i, rc, &h)) return rc;                 \
  const merit::candidate_table& c = h->res.candidates;              \
  (void)c

int merit_result_get_id(const char** out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_id");
    *out = text_at(*h, MERIT_TEXT_ID, i);
    return MERIT_OK;
  });
}

int merit_result_get_status(int* out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_status");
    switch (c.status(i)) {
      case merit::status::eligible: *out = MERIT_STATUS_ELIGIBLE; break;
      case merit::status::ineligible: *out = MERIT_STATUS_INELIGIBLE; break;
      case merit::status::vetoed: *out = MERIT_STATUS_VETOED; break;
      case merit::status::error: *out = MERIT_STATUS_ERROR; break;
    }
    return MERIT_OK;
  });
}

int merit_result_get_score(const char** out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_score");
    *out = text_at(*h, MERIT_TEXT_SCORE, i);
    return MERIT_OK;
  });
}

int merit_result_get_selected(int* out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_selected");
    *out = c.selected(i) ? 1 : 0;
    return MERIT_OK;
  });
}

int merit_result_get_tier(const char** out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_tier");
    *out = c.tier(i).is_null() ? nullptr : c.tier_text(i).c_str();
    return MERIT_OK;
  });
}

int merit_result_get_rank(int64_t* out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_rank");
    *out = c.has_rank(i) ? c.rank(i).as_int() : 0;
    return MERIT_OK;
  });
}

int merit_result_get_tie(int* out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_tie");
    *out = c.tie(i) ? 1 : 0;
    return MERIT_OK;
  });
}

int merit_result_reason_count(size_t* out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_reason_count");
    *out = c.reason_count(i);
    return MERIT_OK;
  });
}

int merit_result_reason_get(const char** out, const merit_result* result, size_t i, size_t j) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_reason_get");
    if (j >= c.reason_count(i)) return out_of_range("reason", j, c.reason_count(i));
    *out = c.reason(i, j).c_str();
    return MERIT_OK;
  });
}

int merit_result_cap_count(size_t* out, const merit_result* result, size_t i) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_cap_count");
    *out = c.cap_count(i);
    return MERIT_OK;
  });
}

int merit_result_cap_get(const char** out, const merit_result* result, size_t i, size_t j) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_cap_get");
    if (j >= c.cap_count(i)) return out_of_range("cap", j, c.cap_count(i));
    *out = c.cap(i, j).c_str();
    return MERIT_OK;
  });
}

int merit_result_get_output(const char** out, const merit_result* result, size_t i, size_t k) {
  return capi_guard([&] {
    MERIT_CANDIDATE_HEAD("merit_result_get_output");
    if (k >= h->output_count) return out_of_range("output", k, h->output_count);
    *out = text_at(*h, MERIT_TEXT_OUTPUT + k, i);
    return MERIT_OK;
  });
}

#define MERIT_STAGE_HEAD(fn)                                               \
  if (!out) return misuse(fn ": out is NULL");                             \
  *out = {};                                                               \
  int rc = MERIT_OK;                                                       \
  const merit_result* h = nullptr;                                         \
  const merit::stage_place* sp = stage_at(result, i, s, rc, &h);           \
  if (!sp) return rc

int merit_result_get_stage_entered(int* out, const merit_result* result, size_t i, size_t s) {
  return capi_guard([&] {
    MERIT_STAGE_HEAD("merit_result_get_stage_entered");
    *out = sp->entered ? 1 : 0;
    return MERIT_OK;
  });
}

int merit_result_get_stage_selected(int* out, const merit_result* result, size_t i, size_t s) {
  return capi_guard([&] {
    MERIT_STAGE_HEAD("merit_result_get_stage_selected");
    *out = sp->selected ? 1 : 0;
    return MERIT_OK;
  });
}

int merit_result_get_stage_tier(const char** out, const merit_result* result, size_t i, size_t s) {
  return capi_guard([&] {
    MERIT_STAGE_HEAD("merit_result_get_stage_tier");
    const auto& tiers = h->res.stages[s].tiers;
    // The place keeps the tier index it was capped at even when it got none.
    if (sp->entered && sp->selected && sp->tier >= 0 && static_cast<std::size_t>(sp->tier) < tiers.size())
      *out = tiers[static_cast<std::size_t>(sp->tier)].c_str();
    return MERIT_OK;
  });
}

int merit_result_get_stage_rank(int64_t* out, const merit_result* result, size_t i, size_t s) {
  return capi_guard([&] {
    MERIT_STAGE_HEAD("merit_result_get_stage_rank");
    *out = sp->entered ? sp->rank : 0;
    return MERIT_OK;
  });
}

int merit_result_get_stage_tie(int* out, const merit_result* result, size_t i, size_t s) {
  return capi_guard([&] {
    MERIT_STAGE_HEAD("merit_result_get_stage_tie");
    *out = sp->tie ? 1 : 0;
    return MERIT_OK;
  });
}

int merit_result_read_candidates(int8_t* status, uint8_t* selected, int32_t* tier, int64_t* rank, uint8_t* tie,
                                 const merit_result* result, size_t first, size_t n) {
  return capi_guard([&] {
    const merit_result* h = live_result(result);
    if (!h) return misuse(bad_result);
    const auto& cs = h->res.candidates;
    if (first > cs.size() || n > cs.size() - first)
      return fail(MERIT_E_USAGE, "merit_result_read_candidates: candidates " + std::to_string(first) + " .. " +
                                     std::to_string(first) + "+" + std::to_string(n) +
                                     " are out of range (the result has " + std::to_string(cs.size()) + ")");
    const std::size_t last_stage = cs.stage_width();
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t i = first + j;
      if (status) {
        switch (cs.status(i)) {
          case merit::status::eligible: status[j] = MERIT_STATUS_ELIGIBLE; break;
          case merit::status::ineligible: status[j] = MERIT_STATUS_INELIGIBLE; break;
          case merit::status::vetoed: status[j] = MERIT_STATUS_VETOED; break;
          case merit::status::error: status[j] = MERIT_STATUS_ERROR; break;
        }
      }
      if (selected) selected[j] = cs.selected(i) ? 1 : 0;
      if (rank) rank[j] = cs.has_rank(i) ? cs.rank(i).as_int() : 0;
      if (tie) tie[j] = cs.tie(i) ? 1 : 0;
      if (tier) {
        // As merit_result_get_stage_tier decides it for the last stage.
        std::int32_t t = -1;
        if (last_stage > 0 && h->res.stages.size() >= last_stage) {
          const merit::stage_place& sp = cs.place(i, last_stage - 1);
          const auto& names = h->res.stages[last_stage - 1].tiers;
          if (sp.entered && sp.selected && sp.tier >= 0 && static_cast<std::size_t>(sp.tier) < names.size())
            t = sp.tier;
        }
        tier[j] = t;
      }
    }
    return MERIT_OK;
  });
}

int merit_result_read_texts(const char** data, const int64_t** offsets, const uint8_t** valid,
                            merit_result* result, int column) {
  return capi_guard([&] {
    if (!data || !offsets || !valid) return misuse("merit_result_read_texts: data, offsets or valid is NULL");
    *data = nullptr;
    *offsets = nullptr;
    *valid = nullptr;
    merit_result* h = live_result(result);
    if (!h) return misuse(bad_result);
    if (column < 0 || static_cast<std::size_t>(column) >= MERIT_TEXT_OUTPUT + h->output_count)
      return fail(MERIT_E_USAGE, "merit_result_read_texts: unknown column " + std::to_string(column));
    const auto& p = texts_of(*h, static_cast<std::size_t>(column));
    // Never NULL, also for a result without candidates (an empty vector's
    // data() may be NULL, which hosts such as NumPy refuse).
    static const std::uint8_t no_valid = 0;
    *data = p.data.data();
    *offsets = p.offsets.data();
    *valid = p.valid.empty() ? &no_valid : p.valid.data();
    return MERIT_OK;
  });
}

int merit_result_read_lists(const char** data, size_t* total, const int64_t** counts, merit_result* result,
                            int list) {
  return capi_guard([&] {
    if (!data || !total || !counts) return misuse("merit_result_read_lists: data, total or counts is NULL");
    *data = nullptr;
    *total = 0;
    *counts = nullptr;
    merit_result* h = live_result(result);
    if (!h) return misuse(bad_result);
    if (list != MERIT_LIST_REASONS && list != MERIT_LIST_CAPS)
      return fail(MERIT_E_USAGE, "merit_result_read_lists: unknown list " + std::to_string(list));
    auto& p = h->lists[list];
    if (!p.made) {
      const auto& cs = h->res.candidates;
      p.counts.resize(cs.size());
      for (std::size_t i = 0; i < cs.size(); ++i) {
        const bool reasons = list == MERIT_LIST_REASONS;
        const std::size_t count = reasons ? cs.reason_count(i) : cs.cap_count(i);
        p.counts[i] = static_cast<std::int64_t>(count);
        for (std::size_t k = 0; k < count; ++k) {
          p.data += reasons ? cs.reason(i, k) : cs.cap(i, k);
          p.data.push_back('\0');
        }
      }
      p.made = true;
    }
    static const std::int64_t no_counts = 0;
    *data = p.data.data();
    *total = p.data.size();
    *counts = p.counts.empty() ? &no_counts : p.counts.data();
    return MERIT_OK;
  });
}

int merit_result_json(const char** out, merit_result* result, unsigned flags) {
  return capi_guard([&] {
    MERIT_RESULT_HEAD("merit_result_json");
    if (flags & ~MERIT_JSON_VALUES) return fail(MERIT_E_USAGE, "merit_result_json: unknown flags");
    merit::report_options ro;
    ro.values = (flags & MERIT_JSON_VALUES) != 0;
    merit_result* m = const_cast<merit_result*>(h);
    m->text = merit::to_json(m->res, ro);
    *out = m->text.c_str();
    return MERIT_OK;
  });
}

int merit_result_explain(const char** out, merit_result* result, const char* id) {
  return capi_guard([&] {
    MERIT_RESULT_HEAD("merit_result_explain");
    if (!id) return misuse("merit_result_explain: id is NULL");
    merit_result* m = const_cast<merit_result*>(h);
    m->text = merit::explain(*m->prog, *m->rows, m->res, id, m->options);
    *out = m->text.c_str();
    return MERIT_OK;
  });
}

}  // extern "C"
