"""Style sheet, icons and default templates shipped with Coachbench (package data)."""
