"""News and photo agencies and outlets credited in Arabic copy, with their English names.

Keys are written as they appear; lookups go through ``credit_key`` so "أ ف ب", "أ.ف.ب",
"ا ف ب" and "AFP" all find the same entry.
"""

from __future__ import annotations

import re

from marsad.ingest.months import fold

#: Agencies credited in captions and datelines: spelling → English name.
AGENCIES: dict[str, str] = {
    "رويترز": "Reuters",
    "Reuters": "Reuters",
    "أ ف ب": "AFP",
    "فرانس برس": "AFP",
    "فرانس پرس": "AFP",
    "وكالة الصحافة الفرنسية": "AFP",
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "أ ب": "AP",
    "أسوشيتد برس": "AP",
    "أسوشيتدبرس": "AP",
    "اسوشيتد برس": "AP",
    "أسوشييتد برس": "AP",
    "AP": "AP",
    "Associated Press": "AP",
    "د ب أ": "dpa",
    "الوكالة الألمانية": "dpa",
    "dpa": "dpa",
    "الأناضول": "Anadolu Agency",
    "وكالة الأناضول": "Anadolu Agency",
    "Anadolu": "Anadolu Agency",
    "Anadolu Agency": "Anadolu Agency",
    "Getty": "Getty Images",
    "Getty Images": "Getty Images",
    "غيتي": "Getty Images",
    "غيتي إيماجز": "Getty Images",
    "غيتي إيميجز": "Getty Images",
    "جيتي": "Getty Images",
    "جيتي إيماجز": "Getty Images",
    "إ ب أ": "EPA",
    "إي بي أيه": "EPA",
    "EPA": "EPA",
    "EPA-EFE": "EPA",
    "شينخوا": "Xinhua",
    "Xinhua": "Xinhua",
    "سبوتنيك": "Sputnik",
    "Sputnik": "Sputnik",
    "تاس": "TASS",
    "TASS": "TASS",
    "سانا": "SANA",
    "وفا": "WAFA",
    "واس": "SPA",
    "قنا": "QNA",
    "كونا": "KUNA",
    "وام": "WAM",
    "بترا": "Petra",
    "أ ش أ": "MENA",
    "إرنا": "IRNA",
    "و م ع": "MAP",
    "لاماب": "MAP",
    "Shutterstock": "Shutterstock",
    "شاترستوك": "Shutterstock",
    "AA": "Anadolu Agency",
}

#: Outlets named in copyright lines: spelling → English name.
OUTLETS: dict[str, str] = {
    "الجزيرة": "Al Jazeera",
    "شبكة الجزيرة": "Al Jazeera",
    "العربية": "Al Arabiya",
    "الشرق الأوسط": "Asharq Al-Awsat",
    "اندبندنت عربية": "Independent Arabia",
    "إندبندنت عربية": "Independent Arabia",
    "سكاي نيوز عربية": "Sky News Arabia",
    "بي بي سي": "BBC",
    "بي بي سي عربي": "BBC Arabic",
    "فرانس 24": "France 24",
    "الحرة": "Alhurra",
    "العربي الجديد": "The New Arab",
    "القدس العربي": "Al-Quds Al-Arabi",
    "النهار": "An-Nahar",
    "الأهرام": "Al-Ahram",
    "اليوم السابع": "Youm7",
    "الشرق": "Asharq",
    "الخليج": "Al Khaleej",
    "البيان": "Al Bayan",
    "دويتشه فيله": "DW",
}

_KEY_DROP = re.compile(r"[\s.\-_·•'’]+")


def credit_key(name: str) -> str:
    """Lookup key: spelling variants folded, dots, dashes and spaces removed."""
    return _KEY_DROP.sub("", fold(name))


_AGENCY_BY_KEY = {credit_key(k): v for k, v in AGENCIES.items()}
_OUTLET_BY_KEY = {credit_key(k): v for k, v in OUTLETS.items()}


def agency_name(name: str) -> str | None:
    """The English name of the agency ``name`` spells, or None."""
    return _AGENCY_BY_KEY.get(credit_key(name))


def split_agencies(names: list[str]) -> tuple[list[str], list[str]]:
    """(people, agencies in English): a byline "رويترز" is a credit, not an author."""
    people: list[str] = []
    agencies: list[str] = []
    for name in names:
        agency = agency_name(name)
        if agency is None:
            people.append(name)
        elif agency not in agencies:
            agencies.append(agency)
    return people, agencies


def outlet_name(name: str) -> str | None:
    """The English name of an agency or outlet ``name`` spells, or None."""
    key = credit_key(name)
    return _AGENCY_BY_KEY.get(key) or _OUTLET_BY_KEY.get(key)
