"""Qt item models (table models and their sort/filter proxies) over service dataclasses."""
