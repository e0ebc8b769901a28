"""Recognising scraper debris line by line, in English and Arabic.

A line is debris only when the pattern covers the whole (short) line, or when a short line
starts with it: a body paragraph that merely mentions cookies, JavaScript or "جميع الحقوق
محفوظة" in passing is never dropped. Lines are matched in ``fold``-ed form (hamza, ى/ي, ة/ه,
diacritics and case folded), so patterns are written in that form too (``_compile`` folds them).
"""

from __future__ import annotations

import re

from marsad.ingest.months import FOLD_TABLE, fold


def _compile(*alternatives: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(alternatives).translate(FOLD_TABLE) + ")", re.IGNORECASE)


_JS = r"(?:(?:ال)?جافا\s*سكري?بت|javascript|(?:ال)?جافاسكري?بت)"
_COOKIES = (
    r"(?:(?:ملفات\s+)?تعريف\s+(?:ال)?ارتباط|(?:ملفات\s+)?(?:ال)?كوكيز|(?:ال)?كعكات|ملفات\s+الارتباط|cookies?)"
)

#: Debris when a line of at most ``_START_MAX`` characters starts with it.
_START = _compile(
    # "you need JavaScript" notices
    rf"(?:sorry,?\s*)?(?:you\s+(?:need|have)\s+to|please|kindly)\s+(?:enable|turn\s+on|activate)\s+{_JS}",
    rf"(?:this\s+(?:site|website|page|app)|we)\s+(?:requires?|needs?)\s+{_JS}",
    rf"{_JS}\s+(?:is\s+)?(?:disabled|required|not\s+enabled|معطل|غير\s+مفعل)",
    rf"(?:(?:عذرا|عفوا|نأسف)\s*[،,!]?\s*)?(?:الرجاء|يرجى|رجاء|من\s+فضلك|لطفا|يجب|عليك|يتوجب\s+عليك|"
    rf"تحتاج\s+(?:إلى|الى))\s+(?:منك\s+)?(?:تفعيل|تمكين)\s+(?:خاصية\s+)?{_JS}",
    r"(?:your\s+browser\s+(?:does\s+not|doesn't)\s+support|متصفحك\s+لا\s+يدعم)",
    r"(?:please\s+)?(?:disable|turn\s+off)\s+(?:your\s+)?ad\s*-?\s*blocker",
    r"(?:الرجاء|يرجى)\s+(?:تعطيل|إيقاف)\s+(?:مانع|حاجب)\s+الإعلانات",
    # cookie banners
    rf"(?:this\s+(?:web)?site|we|our\s+(?:web)?site)\s+(?:and\s+our\s+partners\s+)?uses?\s+{_COOKIES}",
    rf"by\s+(?:continuing|using)\b.{{0,80}}\b{_COOKIES}",
    rf"(?:accept|allow|reject|manage)\s+(?:all\s+)?{_COOKIES}",
    rf"{_COOKIES}\s+(?:policy|settings|preferences|notice|consent)",
    rf"(?:يستخدم|نستخدم|يستعمل|نستعمل)\s+(?:هذا\s+)?(?:الموقع\s+|موقعنا\s+)?{_COOKIES}",
    rf"(?:هذا\s+الموقع|موقعنا|الموقع)\s+(?:يستخدم|يستعمل)\s+{_COOKIES}",
    rf"(?:باستخدامك|بمتابعتك|باستمرارك|من\s+خلال\s+(?:استخدام|متابعة)).{{0,80}}{_COOKIES}",
    rf"(?:قبول|أوافق|موافق|رفض|إدارة)\s+(?:على\s+)?(?:جميع\s+|كل\s+)?{_COOKIES}",
    rf"سياسة\s+(?:استخدام\s+)?{_COOKIES}",
    # related links, newsletters, tags
    r"(?:اقرأ|إقرأ)\s+(?:أيضا|كذلك|المزيد|أكثر)",
    r"(?:شاهد|شاهدوا|طالع|تابع)\s+(?:أيضا|كذلك)",
    r"(?:مواضيع|موضوعات|أخبار|مقالات|قصص|روابط)\s+(?:ذات\s+صلة|متعلقة|مشابهة)",
    r"(?:تابعونا|تابعوا|تابعنا)\s+(?:أيضا\s+)?(?:على|عبر|في)\b",
    r"(?:اشترك|اشتركوا|للاشتراك|سجل)\s+.{0,40}(?:النشرة|نشرتنا|قناتنا|قناة|يوتيوب|تليجرام|تلغرام|واتساب)",
    r"(?:الكلمات\s+المفتاحية|كلمات\s+مفتاحية|الوسوم|وسوم)\s*[:：]",
    r"(?:read|see)\s+(?:more|also)\b",
    r"related\s*(?:articles|stories|news|topics|content|:)",
    r"follow\s+us\s+on\b",
    r"(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\s+newsletter",
    r"tags\s*:",
    r"(?:آخر\s+تحديث|تاريخ\s+التحديث|last\s+updated|updated)\s*[:：]",
)
_START_MAX = 300

#: Debris when it is the whole line.
_WHOLE = _compile(
    r"accept(?:\s+all)?|i\s+agree|got\s+it|أوافق|موافق|قبول(?:\s+الكل)?",
    r"ذات\s+صلة|الأكثر\s+(?:قراءة|مشاهدة|تداولا|تعليقا)|most\s+(?:read|popular|viewed)|trending(?:\s+now)?",
    r"إعلان|إعلانات|advertisements?|sponsored(?:\s+content)?|محتوى\s+(?:مدفوع|ممول)",
    r"(?:العودة|عودة|الرجوع)\s+(?:إلى|الى|لل)\s*(?:الأعلى|أعلى)|back\s+to\s+top",
    r"طباعة|print|أرسل\s+لصديق|التعليقات|تعليقات|أضف\s+تعليقا|اترك\s+تعليقا|comments?",
    r"loading\.*|جار(?:ي)?\s+التحميل\.*",
)

# "المزيد من الشرق الأوسط" is a section link; "المزيد من القتلى سقطوا أمس." is body text.
_MORE = _compile(r"المزيد\s+من\s|more\s+(?:from|on|stories)\b")
_MORE_MAX_WORDS = 8

_COPYRIGHT_START = _compile(
    r"©|\(c\)|copyright\b|(?:جميع|كافة|كل)\s+الحقوق\s+محفوظة|all\s+rights\s+reserved",
    r"حقوق\s+(?:النشر|الطبع|الملكية)(?:\s+والنشر)?\s+محفوظة|الحقوق\s+محفوظة",
)
_COPYRIGHT_END = _compile(
    r"(?:[.|\-–—,،:]|\d{4})\s*(?:(?:جميع|كافة|كل)\s+الحقوق\s+محفوظة|all\s+rights\s+reserved)\s*\.?"
)
_COPYRIGHT_MAX = 160



def _words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


_SHARE_VERBS = _words("شارك شاركها شاركوا مشاركة انشر أرسل share tweet غرد")
_SOCIAL = _words(
    "فيسبوك فيس بوك تويتر إكس واتساب واتس آب اب تيليجرام تيليغرام تلغرام تلجرام لينكد إن لينكدإن "
    "انستغرام انستجرام انستقرام إنستغرام يوتيوب تيك توك تيكتوك سناب شات سنابشات ماسنجر بريد البريد "
    "الإلكتروني إيميل طباعة نسخ الرابط رابط facebook twitter x whatsapp telegram linkedin instagram "
    "youtube tiktok snapchat pinterest reddit email e-mail mail messenger print copy link"
)
_SHARE_FILLER = _words(
    "على عبر مع هذا هذه الخبر المقال المقالة الموضوع الصفحة القصة أصدقائك via on this to with "
    "your friends article story post page the"
)
_TOKEN_STRIP = re.compile(r"^[\W_]+|[\W_]+$")
_SHARE_MAX_WORDS = 16


def _share_bar(folded: str) -> bool:
    """A line made only of share verbs, social network names and filler ("شارك على: فيسبوك")."""
    words = [w for w in (_TOKEN_STRIP.sub("", t) for t in folded.split()) if w]
    if not words or len(words) > _SHARE_MAX_WORDS:
        return False
    vocabulary = _SHARE_VERBS | _SOCIAL | _SHARE_FILLER
    return all(w in vocabulary for w in words) and any(w in _SHARE_VERBS or w in _SOCIAL for w in words)


def is_copyright(line: str) -> bool:
    """A short copyright notice ("© Reuters 2026", "جميع الحقوق محفوظة لوكالة رويترز")."""
    if len(line) > _COPYRIGHT_MAX:
        return False
    folded = fold(line)
    return "©" in line or bool(_COPYRIGHT_START.match(folded) or _COPYRIGHT_END.search(folded))


def is_debris(line: str) -> bool:
    """True when a stripped line is scraper debris (notice, banner, footer, share bar, ©)."""
    folded = fold(line)
    if not folded:
        return False
    if is_copyright(line) or _WHOLE.fullmatch(folded.rstrip(" .:!")):
        return True
    if len(line) <= _START_MAX and _START.match(folded):
        return True
    if _MORE.match(folded) and len(folded.split()) <= _MORE_MAX_WORDS and not folded.endswith("."):
        return True
    return _share_bar(folded)
