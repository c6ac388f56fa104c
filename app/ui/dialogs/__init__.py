"""Dialogs: one module per dialog, layout and behaviour together."""
