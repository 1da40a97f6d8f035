/* SPDX-License-Identifier: Apache-2.0 */
/* merit - the C API (the stable ABI of the merit rules engine) */
#ifndef MERIT_MERIT_H_
#define MERIT_MERIT_H_

/*
** This is the only header a C user needs. It is C99 and C++ clean.
**
** CONVENTIONS
**
** Functions are named merit_<object>_<verb>. Handles are opaque
** (merit_program, merit_roster, merit_result). Every fallible function
** returns an int status code, MERIT_OK or a MERIT_E_* code, and hands its
** result back through an OUT pointer that comes first in the argument list.
** On failure the OUT pointer is set to NULL (or zero) unless the function's
** comment says otherwise, and merit_last_errmsg() describes the failure.
**
** Every pointer and handle argument is checked: NULL, a handle of another
** kind, or a handle that was already freed gives MERIT_E_MISUSE (a freed
** handle is detected as long as its memory has not been reused for a new
** handle of the same kind).
**
** STRINGS are UTF-8 and NUL-terminated. A string returned by the library is
** owned by the handle it came from; the caller never frees it. Strings from
** a merit_program stay valid until merit_program_free(). Strings from a
** merit_roster or merit_result stay valid until the handle is freed, except
** where a comment says "valid until the next call on this handle".
**
** DECIMALS cross the ABI as strings in plain notation ("87.25", "-3",
** never "1e-3"), never as double. A host's double is converted once, at the
** boundary, through its shortest round-trip decimal form
** (merit_roster_set_doubles).
**
** THREAD SAFETY. A compiled merit_program is immutable: any number of
** threads may use one program at once (introspection, evaluation). A
** merit_roster is built by one thread at a time; once finished (explicitly
** or by its first evaluation) it is read-only and may be evaluated by many
** threads at once. A merit_result belongs to one thread at a time.
** merit_last_errmsg() is per thread. The library has no other shared state
** except a process-wide table of live handles used to detect misuse, which
** is internally synchronised, and, once an evaluation asks for more than one
** thread, the worker threads its passes run on: started on first use, as
** many as the largest `threads` asked for less one, idle between
** evaluations and kept until the process ends (shared by every evaluation;
** a process forked after them starts its own).
**
** ABI STABILITY. Status codes, enum values, struct layouts and function
** signatures never change once released; new functions (a _v2 where a
** signature must change), new codes and new struct fields at the end of a
** struct are added instead. New status codes may be added: treat any
** unknown non-zero code as a failure.
*/

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Export macros, versions                                                  */
/* ------------------------------------------------------------------------ */

#ifndef MERIT_API
#if defined(_WIN32)
#define MERIT_API __declspec(dllimport)
#elif defined(__GNUC__)
#define MERIT_API __attribute__((visibility("default")))
#else
#define MERIT_API
#endif
#endif

#ifndef MERIT_DEPRECATED
#if defined(__GNUC__)
#define MERIT_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define MERIT_DEPRECATED(msg)
#endif
#endif

/*
** The version of the library this header belongs to. These agree with the
** C++ header merit/version.hpp (the single source of truth; a test checks
** it). merit_version() and merit_version_number() report the version of the
** library actually linked, which may be newer.
*/
#define MERIT_VERSION_MAJOR 0
#define MERIT_VERSION_MINOR 1
#define MERIT_VERSION_PATCH 0
#define MERIT_VERSION_NUMBER (MERIT_VERSION_MAJOR * 10000 + MERIT_VERSION_MINOR * 100 + MERIT_VERSION_PATCH)
#define MERIT_VERSION_STRING "0.1.0"

/*
** The ABI generation. It changes only if a released ABI promise had to be
** broken, which the project does not intend to do; merit_abi_version()
** returns the linked library's value.
*/
#define MERIT_ABI_VERSION 1

/*
** merit_version: the linked library's version as "MAJOR.MINOR.PATCH". The
** string is static; never NULL.
*/
MERIT_API const char* merit_version(void);

/*
** merit_version_number: MAJOR*10000 + MINOR*100 + PATCH of the linked
** library. Compare its major (value / 10000) with MERIT_VERSION_MAJOR.
*/
MERIT_API int merit_version_number(void);

/* merit_abi_version: MERIT_ABI_VERSION of the linked library. */
MERIT_API int merit_abi_version(void);

/* ------------------------------------------------------------------------ */
/* Status codes                                                             */
/* ------------------------------------------------------------------------ */

/*
** Status codes returned by every fallible function. 1, 2 and 3 equal the
** command line's exit codes and are fixed forever. New codes may be added:
** treat an unknown non-zero code as failure.
*/
#define MERIT_OK 0          /**< success */
#define MERIT_E_COMPILE 1   /**< the scheme has errors; see the program's diagnostics */
#define MERIT_E_DATA 2      /**< bad roster data: a strict evaluation found error rows, or a CSV file is unusable as a whole */
#define MERIT_E_USAGE 3     /**< a mistake of the caller's values: unknown field or param, bad param value, wrong column type or length, unknown candidate id */
#define MERIT_E_IO 4        /**< a file could not be opened or read */
#define MERIT_E_NOMEM 5     /**< out of memory */
#define MERIT_E_MISUSE 6    /**< NULL argument, freed or foreign handle, or a call in the wrong state */
#define MERIT_E_INTERNAL 7  /**< a bug in merit; the message says what happened */
#define MERIT_E_BUDGET 8    /**< the evaluation ran past its time limit (merit_eval_options.time_limit_ms); nothing is returned */

/*
** merit_errstr: the English name of a status code ("ok", "compile error",
** "data error", ...); "unknown error" for a code this library does not know.
** The string is static.
*/
MERIT_API const char* merit_errstr(int code);

/*
** merit_last_errmsg: the message of the most recent failed call made by the
** calling thread (successful calls leave it unchanged); "" when no call has
** failed yet. Never NULL. The string is owned by the library and stays valid
** until the next failing call on the same thread.
*/
MERIT_API const char* merit_last_errmsg(void);

/* ------------------------------------------------------------------------ */
/* Value kinds                                                              */
/* ------------------------------------------------------------------------ */

/* Field and param types (merit_input.type, merit_param.type). */
#define MERIT_TYPE_INT 1      /**< 64-bit integer */
#define MERIT_TYPE_DECIMAL 2  /**< exact decimal, 34 significant digits */
#define MERIT_TYPE_BOOL 3     /**< true / false */
#define MERIT_TYPE_TEXT 4     /**< UTF-8 text */
#define MERIT_TYPE_DATE 5     /**< calendar date, YYYY-MM-DD */
#define MERIT_TYPE_ENUM 6     /**< one of the declared members */

/* Candidate status (merit_result_get_status). */
#define MERIT_STATUS_ELIGIBLE 0    /**< every require true, no veto true */
#define MERIT_STATUS_INELIGIBLE 1  /**< a require is false */
#define MERIT_STATUS_VETOED 2      /**< a veto is true */
#define MERIT_STATUS_ERROR 3       /**< a data error or an evaluation error; reasons say which */

/* Diagnostic severity (merit_diagnostic.severity). */
#define MERIT_SEVERITY_ERROR 0
#define MERIT_SEVERITY_WARNING 1
#define MERIT_SEVERITY_NOTE 2

/* ------------------------------------------------------------------------ */
/* Programs                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct merit_program merit_program;
typedef struct merit_roster merit_roster;
typedef struct merit_result merit_result;

/* Pass as a length to say "the text is NUL-terminated". */
#define MERIT_NTS ((size_t)-1)

/*
** merit_program_compile: compiles scheme text.
**
** `text` is UTF-8 of `len` bytes, or NUL-terminated when `len` is MERIT_NTS.
** `filename` (may be NULL: "<input>") is used in messages only.
**
** Returns MERIT_OK with *out a usable program; MERIT_E_COMPILE with *out a
** program handle that holds the diagnostics (every other program function
** on it returns MERIT_E_MISUSE except merit_program_diagnostic_count/_get,
** merit_program_errmsg and merit_program_free); MERIT_E_NOMEM with *out
** NULL; MERIT_E_MISUSE when `out` or `text` is NULL. The caller frees *out
** with merit_program_free() in every case where it is not NULL.
*/
MERIT_API int merit_program_compile(merit_program** out, const char* text, size_t len,
                                    const char* filename);

/*
** merit_program_compile_file: reads the file at `path` and compiles it as
** merit_program_compile does (the path is the filename in messages).
** Returns MERIT_E_IO (with *out NULL) when the file cannot be read.
*/
MERIT_API int merit_program_compile_file(merit_program** out, const char* path);

/*
** merit_program_free: frees a program. Results and rosters made from it stay
** valid (they share what they need). NULL is a no-op.
*/
MERIT_API void merit_program_free(merit_program* program);

/*
** merit_program_errmsg: every diagnostic rendered for people, as the command
** line prints them (FILE:LINE:COL: error: MESSAGE, the source line and a
** caret line); "" for a program without diagnostics. Never NULL (a NULL or
** invalid handle gives a static message saying so). Owned by the program.
*/
MERIT_API const char* merit_program_errmsg(const merit_program* program);

/*
** A compile diagnostic. `line` and `column` are 1-based; `column` counts
** Unicode code points, not bytes (schemes contain CJK text). `byte_offset`
** and `byte_end` delimit the offending text in UTF-8 bytes from the start of
** the source. `code` is a stable short identifier ("unknown-name"),
** `message` the sentence, `hint` advice or "". Strings are owned by the
** program. Fields may be appended in later versions; the library allocates
** this struct, never the caller.
*/
typedef struct merit_diagnostic {
  int severity;          /**< MERIT_SEVERITY_* */
  uint32_t line;         /**< 1-based */
  uint32_t column;       /**< 1-based, in code points */
  uint32_t byte_offset;  /**< UTF-8 bytes from the start of the text */
  uint32_t byte_end;     /**< one past the last byte of the offending text */
  const char* code;
  const char* message;
  const char* hint;
} merit_diagnostic;

/*
** merit_program_diagnostic_count: *out = number of diagnostics (errors and
** warnings, in source order). MERIT_E_MISUSE for a NULL argument.
*/
MERIT_API int merit_program_diagnostic_count(size_t* out, const merit_program* program);

/*
** merit_program_diagnostic_get: *out = diagnostic `i` (owned by the
** program). MERIT_E_USAGE when i >= the count.
*/
MERIT_API int merit_program_diagnostic_get(const merit_diagnostic** out, const merit_program* program,
                                           size_t i);

/* merit_program_name: *out = the scheme's name (owned by the program). */
MERIT_API int merit_program_name(const char** out, const merit_program* program);

/*
** A declared input field. Bounds and defaults are the source literals
** exactly as written (NULL when absent). `members` lists an enum's members.
** Owned by the program; fields may be appended in later versions.
*/
typedef struct merit_input {
  const char* name;
  int type;            /**< MERIT_TYPE_* */
  int key;             /**< 1 for the key field */
  int optional;        /**< 1 when declared `optional` */
  const char* lo;      /**< `in [lo, hi]`, or NULL */
  const char* hi;
  const char* default_value;  /**< `= lit`, or NULL */
  size_t member_count;
  const char* const* members;
} merit_input;

/* A declared param. Owned by the program. */
typedef struct merit_param {
  const char* name;
  int type;  /**< MERIT_TYPE_* */
  const char* default_value;  /**< NULL when the param must be given */
  size_t member_count;
  const char* const* members;
} merit_param;

/* An allocation stage. Owned by the program. */
typedef struct merit_stage {
  const char* name;
  const char* from;     /**< "eligible", "all", or an earlier stage's name */
  size_t by_count;      /**< partition fields */
  const char* const* by;
  size_t tier_count;    /**< best first */
  const char* const* tiers;
  int ties_share;       /**< 1 when `ties share` */
} merit_stage;

/*
** Introspection. Each _count sets *out to a count; each _get sets *out to
** item `i` (owned by the program; MERIT_E_USAGE when i is out of range).
** merit_program_tier_get gives every tier name of every stage in source
** order, each once. merit_program_input_find sets *out to the index of the
** input named `name`, or returns MERIT_E_USAGE when there is none.
*/
MERIT_API int merit_program_input_count(size_t* out, const merit_program* program);
MERIT_API int merit_program_input_get(const merit_input** out, const merit_program* program, size_t i);
MERIT_API int merit_program_input_find(size_t* out, const merit_program* program, const char* name);
MERIT_API int merit_program_param_count(size_t* out, const merit_program* program);
MERIT_API int merit_program_param_get(const merit_param** out, const merit_program* program, size_t i);
MERIT_API int merit_program_stage_count(size_t* out, const merit_program* program);
MERIT_API int merit_program_stage_get(const merit_stage** out, const merit_program* program, size_t i);
MERIT_API int merit_program_tier_count(size_t* out, const merit_program* program);
MERIT_API int merit_program_tier_get(const char** out, const merit_program* program, size_t i);

/* ------------------------------------------------------------------------ */
/* Rosters                                                                  */
/* ------------------------------------------------------------------------ */

/*
** merit_roster_new: an empty roster for `program`'s inputs, to be filled
** either column by column (merit_roster_set_*) or row by row
** (merit_roster_add_row*), not both. The roster does not keep the program
** alive beyond what it needs; the program may be freed first.
**
** Values are validated as the language says (ranges, keys, types): a bad
** value is never a failure of the call, it becomes an error of its row
** (merit_roster_error_*; an evaluation marks the row `error`). The calls
** fail only for misuse of the API itself:
** MERIT_E_USAGE for an unknown field, a column whose type does not suit the
** field, a column whose length differs from the row count, a column set
** twice, or mixing rows with columns (the message names the field);
** MERIT_E_MISUSE for NULL arguments, a program that did not compile, or a
** roster already finished; MERIT_E_NOMEM.
**
** In every column setter `valid` may be NULL (all present); otherwise
** valid[i] == 0 marks row i's value as missing. `n` is the row count; the
** first column set fixes it. A field never set is missing in every row
** (its default applies, if any). Arrays are copied; the caller keeps
** ownership.
*/
MERIT_API int merit_roster_new(merit_roster** out, const merit_program* program);

/* merit_roster_free: frees a roster. Results made from it stay valid. NULL is a no-op. */
MERIT_API void merit_roster_free(merit_roster* roster);

/* 64-bit integers, for int and decimal fields. */
MERIT_API int merit_roster_set_ints(merit_roster* roster, const char* field, const int64_t* values,
                                    const uint8_t* valid, size_t n);

/*
** Scaled integers for decimal and int fields: row i's value is exactly
** values[i] * 10^-scale (values 8725 with scale 2 is 87.25). `scale` is in
** [-34, 34]; otherwise MERIT_E_USAGE. For a decimal field and a scale in
** [0, 18] the roster keeps the values as given (8 bytes a value), each only
** checked against the field's bounds.
*/
MERIT_API int merit_roster_set_decimals_scaled(merit_roster* roster, const char* field,
                                               const int64_t* values, int32_t scale,
                                               const uint8_t* valid, size_t n);

/*
** Doubles for decimal and int fields. Each value is converted once through
** its shortest round-trip decimal form (0.1 is "0.1", not
** 0.1000000000000000055511151231257827); no binary arithmetic is done on
** it. A NaN is a missing value (as in pandas); an infinity, or a value that
** needs more than 34 significant digits, is an error of its row.
*/
MERIT_API int merit_roster_set_doubles(merit_roster* roster, const char* field, const double* values,
                                       const uint8_t* valid, size_t n);

/* Bools for bool fields: 0 false, 1 true, anything else an error of its row. */
MERIT_API int merit_roster_set_bools(merit_roster* roster, const char* field, const uint8_t* values,
                                     const uint8_t* valid, size_t n);

/* Dates for date fields, as days since 1970-01-01 (negative before it). */
MERIT_API int merit_roster_set_dates(merit_roster* roster, const char* field, const int32_t* days,
                                     const uint8_t* valid, size_t n);

/*
** Text cells for a field of any type, each read exactly as a CSV cell is
** (decimals "87.25", dates "2024-03-01", bools "true"/"false"/"1"/"0", enum
** members, text as is). A NULL pointer or an empty string is a missing
** value.
*/
MERIT_API int merit_roster_set_cells(merit_roster* roster, const char* field,
                                     const char* const* cells, size_t n);

/*
** Text cells packed in one UTF-8 buffer, for a field of any type: cell i is
** the bytes data[offsets[i]] .. data[offsets[i+1]-1], so `offsets` has n+1
** non-decreasing entries starting at 0 (MERIT_E_USAGE otherwise). Cells
** are read as merit_roster_set_cells reads them; they need no NUL. This is
** the fast path for hosts that hold many strings (a Python column).
*/
MERIT_API int merit_roster_set_texts_utf8(merit_roster* roster, const char* field, const char* data,
                                          const int64_t* offsets, const uint8_t* valid, size_t n);

/*
** merit_roster_add_row: adds a row of `n` text cells in input order (see
** merit_program_input_get); NULL or "" is a missing value. A row with a
** different number of cells is an error of that row.
*/
MERIT_API int merit_roster_add_row(merit_roster* roster, const char* const* cells, size_t n);

/*
** merit_roster_add_row_named: adds a row from `n` cells named by field
** (names[i] = values[i]). A field not named is missing; a name the scheme
** lacks is ignored with a roster warning; a field named twice is an error of
** the row. names[i] must not be NULL; values[i] may be (missing).
*/
MERIT_API int merit_roster_add_row_named(merit_roster* roster, const char* const* names,
                                         const char* const* values, size_t n);

/*
** merit_roster_finish: checks keys for duplicates and freezes the roster;
** afterwards the setters return MERIT_E_MISUSE. Evaluating a roster finishes
** it, so calling this is needed only to read the row errors first, or to
** share the roster between threads that evaluate it at once. Finishing a
** finished roster is MERIT_OK.
*/
MERIT_API int merit_roster_finish(merit_roster* roster);

/*
** merit_roster_read_csv: reads a CSV roster file (UTF-8, optional BOM, RFC
** 4180 quoting, a header row naming the fields in any order). The roster
** comes back finished. Problems of single rows are row errors, not
** failures. Returns MERIT_E_IO when the file cannot be read; MERIT_E_DATA
** when it is unusable as a whole (empty, no header row, a column named
** twice); the message is "FILE:LINE: what". *out is NULL on failure.
*/
MERIT_API int merit_roster_read_csv(merit_roster** out, const merit_program* program, const char* path);

/*
** merit_roster_read_csv_text: as merit_roster_read_csv, from `len` bytes of
** CSV text in memory (MERIT_NTS: NUL-terminated); `name` (may be NULL) is
** used in messages.
*/
MERIT_API int merit_roster_read_csv_text(merit_roster** out, const merit_program* program,
                                         const char* text, size_t len, const char* name);

/* merit_roster_row_count: *out = rows so far (or the fixed column length). */
MERIT_API int merit_roster_row_count(size_t* out, const merit_roster* roster);

/* One bad row of a roster. Strings are owned by the roster. */
typedef struct merit_data_error {
  size_t row;           /**< 0-based row */
  uint32_t line;        /**< CSV line where the record starts; 0 when not from CSV */
  const char* field;    /**< the field's name; "" for a whole-record problem */
  const char* message;  /**< e.g. "missing value", "12.5 is not an int" */
} merit_data_error;

/*
** Row errors and warnings of a finished roster (MERIT_E_MISUSE before it is
** finished). Errors are ordered by row, then field.
*/
MERIT_API int merit_roster_error_count(size_t* out, const merit_roster* roster);
MERIT_API int merit_roster_error_get(const merit_data_error** out, const merit_roster* roster, size_t i);
MERIT_API int merit_roster_warning_count(size_t* out, const merit_roster* roster);
MERIT_API int merit_roster_warning_get(const char** out, const merit_roster* roster, size_t i);

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */
/* ------------------------------------------------------------------------ */

/*
** How to evaluate. Always initialise with MERIT_EVAL_OPTIONS_INIT or
** merit_eval_options_init(): `version` tells the library which fields the
** caller's struct has, so that fields appended later are not read from an
** older caller's memory.
*/
typedef struct merit_eval_options {
  unsigned version;    /**< MERIT_EVAL_OPTIONS_VERSION */
  int lenient;         /**< 0 strict (default): any error row fails with MERIT_E_DATA; 1: error rows get status error, the rest are evaluated */
  int explain;         /**< 1: keep every `let` value and rule outcome (merit_result_explain is then cheap) */
  unsigned threads;    /**< threads for the row passes, 0 or 1 = one; results never depend on it */
  size_t param_count;  /**< number of params given */
  const char* const* param_names;   /**< param_count names */
  const char* const* param_values;  /**< param_count values as text, read per the param's type */
  /* Since version 2. */
  uint64_t time_limit_ms;  /**< wall-clock budget of one evaluation in milliseconds, 0 = none; past it the call fails with MERIT_E_BUDGET */
} merit_eval_options;

/*
** Version 1: the fields up to param_values. Version 2 (this header): adds
** time_limit_ms. A struct of version 1 (a caller built against an older
** header) is still accepted: the library reads and writes only its fields.
*/
#define MERIT_EVAL_OPTIONS_VERSION 2
#define MERIT_EVAL_OPTIONS_INIT { MERIT_EVAL_OPTIONS_VERSION, 0, 0, 1, 0, NULL, NULL, 0 }

/*
** merit_eval_options_init: sets *opts to the defaults of options `version`
** (pass MERIT_EVAL_OPTIONS_VERSION), writing only the fields that version
** has. MERIT_E_MISUSE for NULL or an unknown version.
*/
MERIT_API int merit_eval_options_init(merit_eval_options* opts, unsigned version);

/*
** merit_program_evaluate: evaluates `program` over `roster` (finishing the
** roster if needed). `opts` may be NULL (strict, no params, one thread).
**
** Returns MERIT_OK with *out the result. In strict mode, when any row is an
** error, returns MERIT_E_DATA and *out is STILL a result: the whole roster
** as lenient mode would report it, with nothing selected, so that the caller
** can list every bad row (status MERIT_STATUS_ERROR, reasons); free it.
** MERIT_E_USAGE for an unknown, repeated or missing param or a param value
** that does not read as its type (*out NULL); MERIT_E_BUDGET when the
** evaluation ran past opts->time_limit_ms (*out NULL: nothing partial is
** returned; the message names the pass reached); MERIT_E_MISUSE for NULL
** arguments, a program that did not compile, a roster made for another
** program's inputs, or an unknown options version; MERIT_E_NOMEM.
** Safe to call from many threads at once on one program and one finished
** roster.
*/
MERIT_API int merit_program_evaluate(merit_result** out, const merit_program* program,
                                     merit_roster* roster, const merit_eval_options* opts);

/* ------------------------------------------------------------------------ */
/* Results                                                                  */
/* ------------------------------------------------------------------------ */

/* merit_result_free: frees a result and every string it handed out. NULL is a no-op. */
MERIT_API void merit_result_free(merit_result* result);

/*
** Whole-result accessors. merit_result_candidate_count: candidates, one per
** roster row, in roster order. merit_result_count_status: candidates with
** status `status` (a MERIT_STATUS_*; MERIT_E_USAGE for another value).
** merit_result_output_count/_name: the scheme's outputs in declaration
** order. merit_result_stage_count/_name: stages in source order.
** merit_result_warning_count/_get: roster warnings and failing outputs.
*/
MERIT_API int merit_result_candidate_count(size_t* out, const merit_result* result);
MERIT_API int merit_result_count_status(size_t* out, const merit_result* result, int status);
MERIT_API int merit_result_output_count(size_t* out, const merit_result* result);
MERIT_API int merit_result_output_name(const char** out, const merit_result* result, size_t k);
MERIT_API int merit_result_stage_count(size_t* out, const merit_result* result);
MERIT_API int merit_result_stage_name(const char** out, const merit_result* result, size_t s);
MERIT_API int merit_result_warning_count(size_t* out, const merit_result* result);
MERIT_API int merit_result_warning_get(const char** out, const merit_result* result, size_t i);

/*
** Per-candidate accessors; `i` is the candidate index (0 .. count-1; the
** roster row), MERIT_E_USAGE when out of range. Returned strings are owned
** by the result and valid until merit_result_free().
**
** merit_result_get_id: the key as text; NULL when the key is missing or bad.
** merit_result_get_status: a MERIT_STATUS_*.
** merit_result_get_score: the score as a plain decimal string; NULL unless eligible.
** merit_result_get_selected: 1 when the last stage gave a tier.
** merit_result_get_tier: the last stage's tier name; NULL when none.
** merit_result_get_rank: the last stage's 1-based rank; 0 for non-entrants.
** merit_result_get_tie: 1 when any stage flagged a tie.
** merit_result_reason_count/_get: failed requires, true vetoes or error messages.
** merit_result_cap_count/_get: labels of the true caps, source order.
** merit_result_get_output: output k as text (decimals plain); NULL where it failed.
*/
MERIT_API int merit_result_get_id(const char** out, const merit_result* result, size_t i);
MERIT_API int merit_result_get_status(int* out, const merit_result* result, size_t i);
MERIT_API int merit_result_get_score(const char** out, const merit_result* result, size_t i);
MERIT_API int merit_result_get_selected(int* out, const merit_result* result, size_t i);
MERIT_API int merit_result_get_tier(const char** out, const merit_result* result, size_t i);
MERIT_API int merit_result_get_rank(int64_t* out, const merit_result* result, size_t i);
MERIT_API int merit_result_get_tie(int* out, const merit_result* result, size_t i);
MERIT_API int merit_result_reason_count(size_t* out, const merit_result* result, size_t i);
MERIT_API int merit_result_reason_get(const char** out, const merit_result* result, size_t i, size_t j);
MERIT_API int merit_result_cap_count(size_t* out, const merit_result* result, size_t i);
MERIT_API int merit_result_cap_get(const char** out, const merit_result* result, size_t i, size_t j);
MERIT_API int merit_result_get_output(const char** out, const merit_result* result, size_t i, size_t k);

/*
** Per-candidate, per-stage accessors; `s` is the stage index, MERIT_E_USAGE
** when out of range. entered: 1 when the candidate was an entrant of stage s.
** selected: 1 when it received a tier there. tier: the tier's name or NULL.
** rank: 1-based position among its partition's entrants, 0 for non-entrants.
** tie: 1 when the stage flagged it.
*/
MERIT_API int merit_result_get_stage_entered(int* out, const merit_result* result, size_t i, size_t s);
MERIT_API int merit_result_get_stage_selected(int* out, const merit_result* result, size_t i, size_t s);
MERIT_API int merit_result_get_stage_tier(const char** out, const merit_result* result, size_t i, size_t s);
MERIT_API int merit_result_get_stage_rank(int64_t* out, const merit_result* result, size_t i, size_t s);
MERIT_API int merit_result_get_stage_tie(int* out, const merit_result* result, size_t i, size_t s);

/*
** Bulk readers: the fast path for hosts that read many candidates at once
** (a NumPy array per field rather than a call per candidate).
**
** merit_result_read_candidates: copies candidates first .. first+n-1 into
** caller arrays of n entries each; any array may be NULL (not wanted).
** status: a MERIT_STATUS_*; selected, tie: 0 or 1 (as the per-candidate
** accessors give them); tier: the index of the last stage's tier in that
** stage's tier list (merit_program_stage_get, best first), -1 when none;
** rank: the last stage's 1-based rank, 0 for non-entrants. MERIT_E_USAGE
** when first + n exceeds the candidate count.
*/
MERIT_API int merit_result_read_candidates(int8_t* status, uint8_t* selected, int32_t* tier, int64_t* rank,
                                           uint8_t* tie, const merit_result* result, size_t first, size_t n);

/* Columns for merit_result_read_texts. */
#define MERIT_TEXT_ID 0      /**< the key as text (merit_result_get_id) */
#define MERIT_TEXT_SCORE 1   /**< the score as a plain decimal (merit_result_get_score) */
#define MERIT_TEXT_OUTPUT 2  /**< MERIT_TEXT_OUTPUT + k: output k (merit_result_get_output) */

/*
** merit_result_read_texts: one text column of every candidate (count =
** merit_result_candidate_count), packed in one buffer owned by the result:
** cell i is the bytes (*data)[(*offsets)[i]] .. (*data)[(*offsets)[i+1]-2],
** followed by a NUL byte at (*offsets)[i+1]-1, so *offsets has count+1
** entries starting at 0. (*valid)[i] is 0 where the per-candidate accessor
** gives NULL (the cell is then empty). The arrays are made on the first call
** for a column and stay valid until merit_result_free(); on success none of
** the three is NULL, also for a result without candidates. MERIT_E_USAGE for
** an unknown column.
*/
MERIT_API int merit_result_read_texts(const char** data, const int64_t** offsets, const uint8_t** valid,
                                      merit_result* result, int column);

/* Lists for merit_result_read_lists. */
#define MERIT_LIST_REASONS 0  /**< merit_result_reason_get */
#define MERIT_LIST_CAPS 1     /**< merit_result_cap_get */

/*
** merit_result_read_lists: one list of every candidate, packed in one buffer
** owned by the result: (*counts)[i] is candidate i's number of items (count =
** merit_result_candidate_count entries), and *data holds every item of every
** candidate, candidate by candidate in order, each followed by a NUL byte;
** *total is the buffer's length in bytes. On success *data and *counts are
** never NULL, also for a result without candidates. Made on the first call per list;
** valid until merit_result_free(). MERIT_E_USAGE for an unknown list.
*/
MERIT_API int merit_result_read_lists(const char** data, size_t* total, const int64_t** counts,
                                      merit_result* result, int list);

/* Flags for merit_result_json. */
#define MERIT_JSON_VALUES 1u  /**< add every `let` per candidate (the result must be evaluated with explain) */

/*
** merit_result_json: the result as the JSON document of the language
** reference (decimals as strings). *out is owned by the result and valid
** until the next merit_result_json or merit_result_explain call on it, or
** its free. MERIT_E_USAGE for unknown flags.
*/
MERIT_API int merit_result_json(const char** out, merit_result* result, unsigned flags);

/*
** merit_result_explain: why candidate `id` got what it got: every `let`
** value, every rule's outcome and the values it read, the score and the
** caps; one item per line. When the result was not evaluated with explain
** the roster is evaluated again (lenient, same params). *out is owned by the
** result and valid until the next merit_result_json or merit_result_explain
** call on it, or its free. MERIT_E_USAGE when no candidate has that id;
** MERIT_E_BUDGET when that evaluation runs past the result's time limit.
*/
MERIT_API int merit_result_explain(const char** out, merit_result* result, const char* id);

#ifdef __cplusplus
}
#endif

#endif /* MERIT_MERIT_H_ */
