#!/usr/bin/env python3
"""Writes an invented roster of N children (default 50,000) as UTF-8 CSV with the Chinese
header, for measuring the roster preview and import (benches/roster.rs). Every name, phone
and place is made up from the lists below; the same N gives the same file.

    python3 benches/make_roster.py 50000 /tmp/roster-50000.csv
"""
import random
import sys

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
VILLAGES = ["青山村", "龙潭村", "石桥村", "枫林社区", "白沙村", "马家坝村", "柳溪村", "新华社区", "清水村", "桃园村"]
TYPES = ["父母均外出", "父亲外出", "母亲外出", "母亲外出父亲无监护能力"]
RELATIONS = ["祖父", "祖母", "外祖父", "外祖母", "叔叔", "姨妈"]
PLACES = ["广东深圳", "广东东莞", "浙江宁波", "江苏苏州", "上海", "福建厦门"]
GRADES = ["一", "二", "三", "四", "五", "六", "七", "八", "九"]


def name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def phone(rng):
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    out = sys.argv[2] if len(sys.argv) > 2 else f"/tmp/roster-{n}.csv"
    rng = random.Random(n)
    header = "学号,姓名,性别,出生日期,年级班级,村/社区,留守类型,父亲姓名,父亲务工地,父亲电话," \
        "母亲姓名,母亲务工地,母亲电话,监护人姓名,监护人关系,监护人电话,监护人住址,寄宿,困难类型"
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        for i in range(n):
            grade = rng.randrange(9)
            born = 2019 - grade - rng.randrange(2)
            village = rng.choice(VILLAGES)
            row = [
                f"S{2026000000 + i}",
                name(rng),
                rng.choice("男女"),
                f"{born}-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}",
                f"{GRADES[grade]}年级({rng.randrange(1, 9)})班",
                village,
                rng.choice(TYPES),
                name(rng), rng.choice(PLACES), phone(rng),
                name(rng), rng.choice(PLACES), phone(rng),
                name(rng), rng.choice(RELATIONS), phone(rng), f"{village}{rng.randrange(1, 9)}组{rng.randrange(1, 99)}号",
                rng.choice(["是", "否"]),
                rng.choice(["", "", "", "家庭生活困难", "监护缺失"]),
            ]
            f.write(",".join(row) + "\n")
    print(out)


if __name__ == "__main__":
    main()
