# SPDX-License-Identifier: Apache-2.0
# merit - CSV roster reading of the reference evaluator (section 9)
"""RFC 4180 records from bytes, with the contract's row-level errors.

read_records(data) -> (header, records) where each record is a Record with the
1-based CSV line where it starts, its cells (str) and, if it is broken, an error message.
"""
from .errors import DataError


class Record:
    __slots__ = ("line", "cells", "error")

    def __init__(self, line, cells, error):
        self.line = line
        self.cells = cells
        self.error = error


def split_records(data):
    """Yields (line, [cell bytes], error or None). Blank lines are skipped.

    Records end at LF or CRLF outside quotes; a lone CR is ordinary cell content.
    """
    n = len(data)
    i = 0
    line = 1
    while i < n:
        start_line = line
        # a blank line (nothing but its end) is skipped
        if data[i:i + 1] == b"\n":
            i += 1
            line += 1
            continue
        if data[i:i + 2] == b"\r\n":
            i += 2
            line += 1
            continue
        cells = []
        error = None
        while True:   # one cell per turn
            cell = bytearray()
            if i < n and data[i] == 0x22:          # quoted cell
                i += 1
                closed = False
                while i < n:
                    c = data[i]
                    if c == 0x22:
                        if i + 1 < n and data[i + 1] == 0x22:
                            cell.append(0x22)
                            i += 2
                            continue
                        i += 1
                        closed = True
                        break
                    if c == 0x0A:
                        line += 1
                    cell.append(c)
                    i += 1
                if not closed:
                    error = error or "unterminated quoted cell"
                # after the closing quote: a separator, the end of the record, or an error
                while i < n and data[i] not in (0x2C, 0x0A) and data[i:i + 2] != b"\r\n":
                    error = error or "text after the closing quote of a cell"
                    cell.append(data[i])
                    i += 1
            else:                                   # unquoted cell
                while i < n and data[i] not in (0x2C, 0x0A) and data[i:i + 2] != b"\r\n":
                    if data[i] == 0x22:
                        error = error or "a quote inside an unquoted cell"
                    cell.append(data[i])
                    i += 1
            cells.append(bytes(cell))
            if i < n and data[i] == 0x2C:
                i += 1
                continue
            # end of record
            if data[i:i + 2] == b"\r\n":
                i += 2
                line += 1
            elif i < n:
                i += 1
                line += 1
            break
        yield start_line, cells, error


def decode_cells(cells):
    out = []
    for c in cells:
        out.append(c.decode("utf-8"))   # raises UnicodeDecodeError
    return out


def read_records(data):
    """Returns (header list, [Record])."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    records = split_records(data)
    first = next(records, None)
    if first is None:
        raise DataError("the roster has no header row")
    line, cells, error = first
    if error:
        raise DataError(f"line {line}: header row: {error}")
    try:
        header = decode_cells(cells)
    except UnicodeDecodeError:
        raise DataError(f"line {line}: header row: invalid UTF-8") from None
    seen = set()
    for name in header:
        if name in seen:
            raise DataError(f"line {line}: column '{name}' named twice in the header")
        seen.add(name)
    out = []
    for line, cells, error in records:
        if error is None and len(cells) != len(header):
            error = f"{len(cells)} cells where the header has {len(header)}"
        if error is None:
            try:
                text = decode_cells(cells)
            except UnicodeDecodeError:
                error = "invalid UTF-8"
                text = None
        else:
            text = None
        out.append(Record(line, text, error))
    return header, out
