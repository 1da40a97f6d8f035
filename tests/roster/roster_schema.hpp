// SPDX-License-Identifier: Apache-2.0
// merit - hand-built input schemas for the roster tests
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "merit/program.hpp"

namespace merit_test {

using merit::ast::type_kind;

inline merit::input_info field(std::string name, type_kind type) {
  merit::input_info in;
  in.name = std::move(name);
  in.type = type;
  return in;
}

inline merit::input_info key(merit::input_info in) {
  in.key = true;
  return in;
}

inline merit::input_info range(merit::input_info in, std::string lo, std::string hi) {
  in.lo = std::move(lo);
  in.hi = std::move(hi);
  return in;
}

inline merit::input_info with_default(merit::input_info in, std::string d) {
  in.default_value = std::move(d);
  return in;
}

inline merit::input_info optional(merit::input_info in) {
  in.optional = true;
  return in;
}

inline merit::input_info enum_field(std::string name, std::vector<std::string> members) {
  merit::input_info in = field(std::move(name), type_kind::enum_);
  in.members = std::move(members);
  return in;
}

/// The input block of the benchmark scheme (library.merit), written out by hand.
inline std::vector<merit::input_info> library_schema() {
  return {
      key(field("id", type_kind::text)),
      enum_field("group", {"正式館員", "合同制館員"}),
      range(field("director", type_kind::decimal), "0", "100"),
      range(field("committee", type_kind::decimal), "0", "100"),
      range(field("heads", type_kind::decimal), "0", "100"),
      range(field("staff", type_kind::decimal), "0", "100"),
      with_default(range(field("last_prize", type_kind::int_), "0", "3"), "0"),
      with_default(range(field("absent_days", type_kind::decimal), "0", "366"), "0"),
      with_default(range(field("personal_leave_days", type_kind::decimal), "0", "366"), "0"),
      with_default(range(field("lapses", type_kind::int_), "0", "100000"), "0"),
      range(field("grid_score", type_kind::decimal), "0", "100"),
      with_default(range(field("bonus", type_kind::decimal), "0", "10"), "0"),
      with_default(range(field("complaints", type_kind::int_), "0", "1000"), "0"),
  };
}

}  // namespace merit_test
