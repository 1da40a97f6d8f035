// SPDX-License-Identifier: Apache-2.0
// merit - umbrella header
#pragma once

#include "merit/ast.hpp"
#include "merit/diagnostic.hpp"
#include "merit/decimal.hpp"
#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/report.hpp"
#include "merit/result.hpp"
#include "merit/roster.hpp"
#include "merit/version.hpp"
