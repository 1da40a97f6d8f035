// SPDX-License-Identifier: Apache-2.0
// merit - umbrella header
#pragma once

#include "merit/ast.hpp"
#include "merit/diagnostic.hpp"
#include "merit/program.hpp"
#include "merit/version.hpp"
