"""Interface labels in English and Arabic: ``LABELS[lang][key]``; the language comes from the
``lang`` query parameter (which also sets the ``marsad_lang`` cookie) or that cookie; Arabic by
default. Article text is always Arabic, right to left, whatever the interface language."""

from __future__ import annotations

from typing import Final

LANGS: Final = ("ar", "en")
COOKIE: Final = "marsad_lang"

LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "app": "marsad", "home": "Home", "search": "Search", "events": "Events", "quotes": "Quotes",
        "ingest": "Ingest", "switch": "العربية", "search_placeholder": "Search Arabic news…",
        "filters": "Filters", "date_from": "From", "date_to": "To", "outlet": "Outlet", "entity": "Entity (kb_id)",
        "event_type": "Event type", "country": "Country", "modality": "Modality", "reference": "Reference",
        "apply": "Apply", "clear": "Clear", "results": "results", "no_results": "Nothing matches.",
        "previous": "Previous", "next": "Next", "page": "Page", "of": "of", "facets": "Counts",
        "documents": "Articles", "entities": "Entities", "mentions": "Mentions", "clusters": "Event clusters",
        "recent": "Latest articles", "published": "Published", "original": "Original page",
        "removed": "Removed boilerplate", "none_removed": "Nothing was removed.", "no_original": "No original kept.",
        "kind": "Kind", "type": "Type", "date": "Date", "place": "Place", "dead": "Dead", "injured": "Injured",
        "speaker": "Speaker", "cue": "Cue", "actors": "Actors", "targets": "Targets", "trigger": "Trigger",
        "names": "Names and aliases", "coordinates": "Coordinates", "timeline": "Mentions by month",
        "quotes_by": "Quotes by this entity", "as_actor": "Events as actor", "as_target": "Events as target",
        "cooccurring": "Co-occurring entities", "map": "Map", "events_map": "Events map (circle size: dead + injured)",
        "by_type": "Events by month and type", "sort": "Sort", "article": "Article", "reports": "Reports",
        "sources": "sources", "differ": "counts differ", "speakers": "Speakers", "quote_search": "Search in quotes",
        "all": "All", "text": "Text", "html_file": "HTML files", "url": "URL", "title": "Title", "token": "API token",
        "analyse": "Analyse and store", "paste": "Paste article text", "progress": "Progress",
        "done": "done", "failed": "failed", "waiting": "waiting", "batch": "Batch", "back": "Back",
        "mapped": "events with a located place shown", "sampled": "from the latest {n} matching events",
        "not_found": "Not found", "error": "Error", "words": "Words", "count": "Count", "who": "Who",
        "ingest_help": "Paste text, upload one or more HTML files, or give a URL; the server analyses and stores "
                       "them. A token from MARSAD_API_TOKENS is needed.",
        "stats": "In the store", "dead_range": "Dead (min–max)",
    },
    "ar": {
        "app": "مرصد", "home": "الرئيسية", "search": "بحث", "events": "الأحداث", "quotes": "الاقتباسات",
        "ingest": "إضافة", "switch": "English", "search_placeholder": "ابحث في الأخبار العربية…",
        "filters": "تصفية", "date_from": "من", "date_to": "إلى", "outlet": "المصدر", "entity": "الكيان (kb_id)",
        "event_type": "نوع الحدث", "country": "البلد", "modality": "الصيغة", "reference": "الإسناد",
        "apply": "تطبيق", "clear": "مسح", "results": "نتيجة", "no_results": "لا نتائج.",
        "previous": "السابق", "next": "التالي", "page": "صفحة", "of": "من", "facets": "الأعداد",
        "documents": "المقالات", "entities": "الكيانات", "mentions": "الإشارات", "clusters": "مجموعات الأحداث",
        "recent": "أحدث المقالات", "published": "تاريخ النشر", "original": "الصفحة الأصلية",
        "removed": "النصوص المحذوفة", "none_removed": "لم يُحذف شيء.", "no_original": "لا توجد نسخة أصلية.",
        "kind": "الفئة", "type": "النوع", "date": "التاريخ", "place": "المكان", "dead": "القتلى", "injured": "الجرحى",
        "speaker": "المتحدث", "cue": "فعل القول", "actors": "الفاعلون", "targets": "المستهدفون",
        "trigger": "الكلمة الدالة",
        "names": "الأسماء والألقاب", "coordinates": "الإحداثيات", "timeline": "الإشارات حسب الشهر",
        "quotes_by": "اقتباسات هذا الكيان", "as_actor": "أحداث كان فاعلاً فيها", "as_target": "أحداث استُهدف فيها",
        "cooccurring": "كيانات ترد معه", "map": "خريطة", "events_map": "خريطة الأحداث (حجم الدائرة: القتلى والجرحى)",
        "by_type": "الأحداث حسب الشهر والنوع", "sort": "ترتيب", "article": "المقال", "reports": "التقارير",
        "sources": "مصادر", "differ": "الأعداد مختلفة", "speakers": "المتحدثون", "quote_search": "ابحث في الاقتباسات",
        "all": "الكل", "text": "النص", "html_file": "ملفات HTML", "url": "الرابط", "title": "العنوان",
        "token": "رمز الواجهة", "analyse": "حلّل واحفظ", "paste": "الصق نص المقال", "progress": "التقدم",
        "done": "تم", "failed": "فشل", "waiting": "في الانتظار", "batch": "دفعة", "back": "رجوع",
        "mapped": "حدثاً بمكان معروف على الخريطة", "sampled": "من أحدث {n} حدثاً مطابقاً",
        "not_found": "غير موجود", "error": "خطأ", "words": "كلمات", "count": "العدد", "who": "من",
        "ingest_help": "الصق نصاً أو ارفع ملف HTML أو أكثر أو أعطِ رابطاً؛ يحلّلها الخادم ويحفظها. "
                       "يلزم رمز من MARSAD_API_TOKENS.",
        "stats": "في المخزن", "dead_range": "القتلى (أدنى–أقصى)",
    },
}


def pick_lang(query: str | None, cookie: str | None) -> str:
    """The interface language: the query parameter, else the cookie, else Arabic."""
    for value in (query, cookie):
        if value in LANGS:
            return str(value)
    return "ar"
