"""Small built-in word lists for realistic-looking values (no Faker: lists are indexed by numpy).

Every list is a fixed tuple in source order, so a value drawn by index is the same on every
machine and every Python version. They are deliberately short: variety comes from combining
them (first x last names, adjective x noun titles) and from the unique suffixes, not from size.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Ada", "Alan", "Alice", "Amara", "Anna", "Aiko", "Ben", "Bianca", "Carlos", "Chen", "Chloe", "Dana",
    "David", "Diego", "Elena", "Emil", "Emma", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan",
    "Jamal", "Jana", "Jonas", "Julia", "Kai", "Kofi", "Lara", "Leo", "Lina", "Lucas", "Maya", "Mei",
    "Mia", "Milan", "Nadia", "Noah", "Nora", "Omar", "Oskar", "Paula", "Priya", "Quinn", "Rafael", "Rosa",
    "Ruth", "Sami", "Sara", "Sofia", "Tariq", "Tess", "Theo", "Uma", "Vera", "Victor", "Wen", "Xena",
    "Yara", "Yusuf", "Zoe", "Zane",
)  # fmt: skip

LAST_NAMES = (
    "Abe", "Adams", "Ahmed", "Alvarez", "Bauer", "Becker", "Brown", "Chen", "Costa", "Cruz", "Dubois",
    "Evans", "Fischer", "Garcia", "Gomez", "Gupta", "Hansen", "Hoffmann", "Ito", "Jensen", "Kim", "Klein",
    "Kowalski", "Kumar", "Larsen", "Lee", "Lopez", "Martin", "Meyer", "Moreau", "Muller", "Nakamura",
    "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Perez", "Petrov", "Rossi", "Russo", "Sato", "Schmidt",
    "Silva", "Singh", "Smith", "Suzuki", "Tanaka", "Taylor", "Torres", "Wagner", "Walker", "Wang", "Weber",
    "Williams", "Wilson", "Wright", "Yamada", "Young", "Zhang",
)  # fmt: skip

WORDS = (
    "about", "above", "across", "action", "agent", "air", "amber", "anchor", "angle", "apple", "arrow",
    "atlas", "autumn", "badge", "balance", "bamboo", "basic", "beacon", "berry", "binary", "birch", "blue",
    "bold", "branch", "breeze", "bright", "bridge", "cable", "calm", "canvas", "carbon", "cedar", "chart",
    "circle", "citrus", "clear", "cloud", "coast", "cobalt", "comet", "copper", "coral", "cosmic", "craft",
    "crisp", "cross", "crystal", "data", "dawn", "delta", "desert", "direct", "dream", "drift", "eagle",
    "early", "echo", "edge", "ember", "engine", "epic", "fable", "falcon", "field", "final", "flame",
    "focus", "forest", "fresh", "frost", "future", "garden", "giant", "glacier", "global", "golden",
    "granite", "graph", "green", "harbor", "hidden", "honey", "horizon", "index", "iron", "island", "ivory",
    "jade", "journey", "jungle", "kernel", "kinetic", "lake", "lantern", "laser", "layer", "lemon", "light",
    "linear", "lunar", "magnet", "maple", "marble", "meadow", "metro", "mint", "mirror", "modern", "morning",
    "mountain", "native", "nebula", "noble", "north", "nova", "ocean", "olive", "onyx", "open", "orbit",
    "origin", "panel", "paper", "pearl", "pepper", "pixel", "planet", "plaza", "polar", "prime", "prism",
    "pulse", "quartz", "quick", "quiet", "radar", "rapid", "raven", "river", "rocket", "royal", "ruby",
    "rustic", "saffron", "sage", "salt", "scale", "signal", "silver", "simple", "smart", "solar", "sonic",
    "spark", "spring", "square", "stable", "steel", "stone", "storm", "summit", "sunny", "swift", "table",
    "tango", "terra", "thunder", "tidal", "timber", "topaz", "tower", "trail", "true", "twin", "ultra",
    "union", "urban", "valley", "vector", "velvet", "violet", "vital", "wave", "willow", "winter", "wise",
    "yellow", "zen", "zenith", "zephyr",
)  # fmt: skip

NOUNS = (
    "Atlas", "Beacon", "Bridge", "Canvas", "Compass", "Engine", "Falcon", "Garden", "Harbor", "Horizon",
    "Journal", "Lantern", "Ledger", "Meadow", "Notebook", "Orbit", "Pioneer", "Prism", "Quarry", "Signal",
    "Summit", "Tower", "Voyage", "Workshop",
)  # fmt: skip

DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com", "inbox.example.org", "corp.example.net")

CITIES = (
    "Amsterdam", "Athens", "Austin", "Bangalore", "Barcelona", "Berlin", "Bogota", "Boston", "Brussels",
    "Cairo", "Chicago", "Copenhagen", "Dublin", "Hamburg", "Helsinki", "Istanbul", "Jakarta", "Kyoto",
    "Lagos", "Lima", "Lisbon", "London", "Lyon", "Madrid", "Melbourne", "Mexico City", "Milan", "Montreal",
    "Mumbai", "Munich", "Nairobi", "Oslo", "Paris", "Prague", "Rome", "Santiago", "Seoul", "Stockholm",
    "Sydney", "Tokyo", "Toronto", "Vienna", "Warsaw", "Zurich",
)  # fmt: skip

COUNTRY_CODES = (
    "AR", "AT", "AU", "BE", "BR", "CA", "CH", "CL", "CN", "CO", "CZ", "DE", "DK", "EG", "ES", "FI", "FR",
    "GB", "GR", "IE", "IN", "IT", "JP", "KE", "KR", "MX", "NG", "NL", "NO", "NZ", "PE", "PL", "PT", "SE",
    "TR", "US", "ZA",
)  # fmt: skip

COUNTRIES = (
    "Argentina", "Australia", "Austria", "Belgium", "Brazil", "Canada", "Chile", "Denmark", "Egypt",
    "Finland", "France", "Germany", "Greece", "India", "Ireland", "Italy", "Japan", "Kenya", "Mexico",
    "Netherlands", "Nigeria", "Norway", "Peru", "Poland", "Portugal", "Spain", "Sweden", "Switzerland",
    "Turkey", "United Kingdom", "United States",
)  # fmt: skip

CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CHF", "SEK", "CAD", "AUD")

STREET_KINDS = ("Street", "Road", "Avenue", "Lane", "Way", "Square", "Drive")

ACTIONS = (
    "user.login", "user.logout", "user.invite", "project.create", "project.update", "project.archive",
    "apikey.create", "apikey.revoke", "member.role_change", "org.update", "billing.update",
)  # fmt: skip

ENTITIES = ("User", "Project", "ApiKey", "Membership", "Organization", "Invoice")
