"""From an export's bytes to the canonical model, in the order the data flows: limits (size and
zip-bomb checks), text (bytes to a table of text cells: encoding, separator, XLSX sheets; quoting
repairs stray quotes), kinds (which export, from the header row), fields (a table's columns by
field name) and cells (text cells to typed values), readers (one normaliser per kind; user_detail
for the per-user report) and customers (customers resolved across files into one Portfolio,
markets as one vocabulary). precheck answers the Upload page's questions before a file is stored."""
