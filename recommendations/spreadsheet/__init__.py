"""The PDU's action plan as a spreadsheet, both ways.

- `write.plan_workbook`: one inspection's plan as .xlsx, in the HMPPS layout, with the
  rows' identifiers in hidden, locked columns and the values as downloaded on a hidden sheet.
- `read.open_plan`: an uploaded file checked (size, kind, zip bomb, rows) and read into
  plain values, without touching the database.
- `review.review_plan`: what the file would change and every problem, cell by cell, against
  the data as it stands now; `apply.apply_plan` makes those changes in one transaction
  through the domain functions, or none of them.
"""
