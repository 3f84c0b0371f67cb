#!/usr/bin/env python3
"""Copies a generated repository and injects faults of every kind (personal numbers, raw
HTML, unknown keys, bad dates and values, duplicate index numbers, nested and missing
attachments, invalid UTF-8, empty files, orphans, a symlink, a missing class ...), so that
an optimisation can be checked to change no diagnostic: see benches/compare.sh.

    python3 benches/dirty.py target/bench/repo-n1000-s1-<version> /tmp/dirty
"""
import os, shutil, sys, random, glob
src, dst = sys.argv[1], sys.argv[2]
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst, symlinks=True)
rng = random.Random(5)
md = sorted(glob.glob(dst + '/units/**/*.md', recursive=True))
tm = sorted(glob.glob(dst + '/units/**/external/**/*.toml', recursive=True))
def edit(path, f):
    t = open(path, encoding='utf-8').read()
    open(path, 'w', encoding='utf-8').write(f(t))
body_faults = ['身份证号11010519491231002X。', '电话13912345678', '电话 +86 139 1234 5678', '卡号6222021234567890128',
               '卡号 6222 0212 3456 7890 128', '手机１３９１２３４５６７８', '<div>x</div>', '正文 <b>加粗</b>', '监督电话 0514-86881234',
               '编号213912345678', '139-1234-5678。', '\n\n<script>alert(1)</script>\n']
fm_faults = ['publised = 2026-01-01\n', 'written = 2026-02-30\n', 'status = "publish"\n', 'tags = ["a", 3]\n',
             'summary = "' + '很长' * 60 + '"\n', 'class = "other-class"\n', 'reviewed_on = 2026-12-30\n',
             'index_no = "321000000000/2026-00001"\n', 'budget = "12万"\n', 'attachments = ["../../files/missing.pdf"]\n',
             'attachments = ["../../village-01/files/x.pdf"]\n', 'attachments = ["../../../../../../../etc/passwd"]\n',
             '[[feedback]]\nreceived = 2026-01-02\nquestion = "问 13912345678"\nreply = "答"\n',
             '[[feedback]]\nreceived = 2026-01-02\nquestion = "问"\n', 'event = 2020-01-01\n', 'title = 3\n']
for path in rng.sample(md, 150):
    def f(t):
        head, sep, body = t.partition('\n+++\n')
        if rng.random() < 0.6:
            body = body[:len(body)//2] + rng.choice(body_faults) + body[len(body)//2:]
        if rng.random() < 0.6:
            lines = head.split('\n')
            fault = rng.choice(fm_faults)
            if fault.startswith('[['):
                head = head + '\n' + fault.rstrip('\n')
            else:
                lines.insert(2, fault.rstrip('\n'))
                head = '\n'.join(lines)
        return head + sep + body
    edit(path, f)
# make sure a village-01 attachment exists for the nested case
for d in glob.glob(dst + '/units/**/village-01', recursive=True):
    os.makedirs(d + '/files', exist_ok=True)
    open(d + '/files/x.pdf', 'w').write('x')
for path in rng.sample(tm, 10):
    edit(path, lambda t: 'title = "a"\n' + t)  # duplicate key: syntax error
open(md[3], 'wb').write(b'+++\ntitle = "\xff\xfe"\n+++\n')
open(md[4], 'w').write('')
open(md[5], 'w').write('no front matter\n')
open(md[6], 'w').write('+++\ntitle = "unclosed"\n')
units = sorted(glob.glob(dst + '/units/**/unit.toml', recursive=True))
edit(units[2], lambda t: t.replace('phone = "', 'phone = "abc'))
edit(units[5], lambda t: t.replace('level = "county"', 'level = "countie"'))
edit(units[9], lambda t: t + 'colour = "red"\n')
vil = [u for u in units if 'village-' in u][:2]
for u in vil:
    edit(u, lambda t: '\n'.join(l for l in t.split('\n') if not l.startswith('record_book')))
reqs = sorted(glob.glob(dst + '/units/**/requests/*.toml', recursive=True))
if reqs:
    edit(reqs[0], lambda t: t.replace('channel = "', 'channel = "x'))
open(dst + '/units/yangzhou/stray.md', 'w').write('x')
os.makedirs(dst + '/units/yangzhou/external/news/deeper', exist_ok=True)
open(dst + '/units/yangzhou/external/news/deeper/x.md', 'w').write('x')
open(dst + '/units/yangzhou/external/news/Bad_Name.md', 'w').write('+++\ntitle = "x"\n+++\n')
os.symlink('/etc/passwd', dst + '/units/yangzhou/external/news/link.md')
# delete every record of one class to get missing/not-due
for p in glob.glob(dst + '/units/yangzhou/external/statistics/*'):
    os.remove(p)
print('dirty repo at', dst)
