#pragma once
// Writers of an interop matrix (matrix_result.hpp): a console grid, one self-contained HTML page
// (the grid, each cell linking to its own report), JSON, and the JUnit view (every cell's
// scenarios in one suite, named "[client × server] scenario").
//
// Stable hooks in the HTML: table#matrix, th.client[data-row], th.server[data-column],
// td.cell[data-row][data-column][data-outcome] (pass, warn, fail, error), a.cell-report.
#include <ostream>

#include "reports/matrix_result.hpp"
#include "reports/summary.hpp"

namespace syncsuite::reports {

// pass, warn, fail or error: how the cell gates (error when it could not run).
Outcome cell_outcome(const MatrixCell& cell);
// The worst cell; pass for an empty matrix.
Outcome matrix_outcome(const MatrixResult& matrix);

void write_matrix_text(const MatrixResult& matrix, std::ostream& out);
void write_matrix_html(const MatrixResult& matrix, std::ostream& out);
void write_matrix_json(const MatrixResult& matrix, std::ostream& out);
void write_matrix_junit(const MatrixResult& matrix, std::ostream& out);

}  // namespace syncsuite::reports
