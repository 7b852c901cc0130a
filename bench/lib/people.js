'use strict';
/**
 * Synthetic people for the benches that seed parties (pii, search, public, scale): distinct,
 * valid ID numbers, phone numbers and common Chinese names, the n-th of each.
 */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥',
];

/** The n-th distinct, valid ID number: birth dates over 55 years, then the sequence digits. */
function idNumber(n, checkCharOf) {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110105${ymd}${String(Math.floor(n / 20_000)).padStart(3, '0')}`;
  return first17 + checkCharOf(first17);
}
const phoneNumber = (n) => `139${String(n).padStart(8, '0')}`;
/** Surname + one or two given characters; the SQL builder in lib/province.js draws the same way. */
const nameOf = (n) =>
  SURNAMES[(n * 7) % SURNAMES.length] + GIVEN[(n * 13) % GIVEN.length] + ((n >> 2) % 3 ? GIVEN[(n * 31 + 5) % GIVEN.length] : '');

module.exports = { SURNAMES, GIVEN, idNumber, phoneNumber, nameOf };
