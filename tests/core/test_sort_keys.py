"""Sort keys: Chinese in pinyin order, character by character; English without regard to case. The same
order on SQLite and on PostgreSQL (run this file with PEIXUN_DATABASE_URL=postgres://... for the latter)."""

import pytest
from django.db import connection
from django.db.models.functions import Lower

from peixun.core.fields import ByteOrder, fill_sort_keys
from peixun.core.pinyin import sort_key
from peixun.courses.models import Course
from peixun.people.models import Lecturer, Organisation
from tests.factories import AcademyFactory, CourseFactory, LecturerFactory, OrganisationFactory


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("李明", "li ming"),
        ("阿", "a"),
        ("能源智慧城市", "neng yuan zhi hui cheng shi"),
        ("Energy 能源", "energy neng yuan"),
        ("“绿色”金融", "lv se jin rong"),  # lü after lu, as in a dictionary
        ("Émile-Zola", "emile zola"),
        ("  Banana  ", "banana"),
        ("", ""),
    ],
)
def test_sort_key(text, key):
    assert sort_key(text) == key


def test_a_persons_surname_keeps_its_surname_reading():
    assert sort_key("单小明", name=True) == "shan xiao ming"
    assert sort_key("曾伟", name=True) == "zeng wei"
    assert sort_key("尉迟恭", name=True) == "yu chi gong"
    assert sort_key("单小明") == "dan xiao ming"  # not a name: the ordinary reading
    assert sort_key("Shan Smith", name=True) == "shan smith"


def test_keys_put_chinese_in_dictionary_order_character_by_character():
    words = ["张", "李明", "梁", "王", "阿", "西安", "先"]
    assert sorted(words, key=sort_key) == ["阿", "李明", "梁", "王", "西安", "先", "张"]


pytestmark = pytest.mark.django_db


def test_the_database_orders_chinese_titles_by_pinyin_and_english_ones_without_case():
    academy = AcademyFactory()
    titles = [("zebra crossings", "张"), ("Banana republics", "李"), ("apple orchards", "王"), ("Cities", "阿")]
    courses = {zh: CourseFactory(academy=academy, title_en=en, title_zh=zh) for en, zh in titles}
    by_pinyin = Course.objects.order_by(ByteOrder("title_zh_key"), "pk")
    assert [c.title_zh for c in by_pinyin] == ["阿", "李", "王", "张"]
    by_english = Course.objects.order_by(Lower("title_en"), "pk")
    assert [c.title_en for c in by_english] == ["apple orchards", "Banana republics", "Cities", "zebra crossings"]
    assert [c.title_zh for c in Course.objects.order_by(ByteOrder("title_zh_key").desc())] == ["张", "王", "李", "阿"]
    assert courses["李"].title_zh_key == "li"


def test_spaces_between_syllables_count_whatever_the_database_collation():
    # "li ming" before "liang": a collation that skips spaces would compare "liming" and put 梁 first.
    LecturerFactory(name="Liang", name_zh="梁")
    LecturerFactory(name="Li Ming", name_zh="李明")
    LecturerFactory(name="Li", name_zh="李")
    ordered = Lecturer.objects.order_by(ByteOrder("name_key"), "pk").values_list("name_zh", flat=True)
    assert list(ordered) == ["李", "李明", "梁"]


def test_a_lecturer_without_a_chinese_name_sorts_by_their_name_among_the_pinyin():
    for name, name_zh in [("Zhou Enlai", ""), ("Adam Smith", ""), ("Wang", "王"), ("Bo", "薄")]:
        LecturerFactory(name=name, name_zh=name_zh)
    ordered = Lecturer.objects.order_by(ByteOrder("name_key"), "pk").values_list("name", flat=True)
    assert list(ordered) == ["Adam Smith", "Bo", "Wang", "Zhou Enlai"]


def test_keys_follow_every_save_and_bulk_create():
    org = OrganisationFactory(name_en="Beijing Daily", name_zh="北京日报")
    assert org.name_zh_key == "bei jing ri bao"
    org.name_zh = "人民日报"
    org.save()
    org.refresh_from_db()
    assert org.name_zh_key == "ren min ri bao"
    (bulk,) = Organisation.objects.bulk_create([Organisation(name_en="Xinhua", name_zh="新华社", kind="media")])
    assert Organisation.objects.get(pk=bulk.pk).name_zh_key == "xin hua she"
    english_only = OrganisationFactory(name_en="World Bank", name_zh="")
    assert english_only.name_zh_key == "world bank"  # Chinese readers see the English name: it sorts by that


def test_the_data_migration_fills_keys_of_rows_written_before_them():
    CourseFactory(title_zh="阿", title_en="A")
    CourseFactory(title_zh="张", title_en="Z")
    Course.objects.update(title_zh_key="")  # as the rows were before the migration added the column
    fill_sort_keys(Course)
    assert sorted(Course.objects.values_list("title_zh_key", flat=True)) == ["a", "zhang"]


@pytest.mark.postgres
def test_postgresql_compares_keys_byte_by_byte_whatever_the_database_collation():
    from django.db.models.functions import Collate

    query = str(Lecturer.objects.order_by(ByteOrder("name_key")).query)
    assert query.endswith('"people_lecturer"."name_key" COLLATE "C" ASC')
    # A database created with a language's collation (glibc's en_US.UTF-8, or ICU's with punctuation and
    # spaces "shifted") compares "li ming" as "liming", after "liang": the order ByteOrder prevents.
    with connection.cursor() as cursor:
        cursor.execute("CREATE COLLATION IF NOT EXISTS skip_spaces (provider = icu, locale = 'en-US-u-ka-shifted')")
    LecturerFactory(name="Liang", name_zh="梁")
    LecturerFactory(name="Li Ming", name_zh="李明")
    by_language = Lecturer.objects.order_by(Collate("name_key", "skip_spaces")).values_list("name_zh", flat=True)
    assert list(by_language) == ["梁", "李明"]
    by_bytes = Lecturer.objects.order_by(ByteOrder("name_key")).values_list("name_zh", flat=True)
    assert list(by_bytes) == ["李明", "梁"]
