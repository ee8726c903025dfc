"""Write SOURCE.md for each language from stats_<lang>.json and fixed source descriptions."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import sources as S

H = {r: S.head(r) for r in (S.FACTRU, S.SLAVICNER, S.ULFRI, S.BABEL, S.NERUK, "UniversalNER+UNER_Serbian-SET",
                            "UniversalNER+UNER_Croatian-SET", "UniversalNER+UNER_Slovak-SNK")}

SRC = {}

SRC["SlavicNER"] = f"""### SlavicNER (gold, online news; BSNLP shared tasks 2019-2023 consolidated)
- Repository: https://github.com/SlavicNLP/SlavicNER , commit `{H[S.SLAVICNER]}`
- Paths: `raw/<topic>/<lang>/*.txt` (document text), `ner/<topic>/<lang>/*.tsv` (char offsets `start<TAB>end<TAB>mention<TAB>lemma<TAB>type<TAB>cross-lingual id`), split lists `SPLIT_cross-topic_train.txt` (-> our train) and `SPLIT_cross-topic_test.txt` (-> our dev). Topics: asia_bibi, brexit, covid-19, nord_stream, ryanair, us_election_2020 (+ russia_-_ukraine_war for cs/pl/ru).
- Licence: **none stated.** The repository has no LICENSE file and its README.md has no licence statement (it lists the paper https://aclanthology.org/2024.lrec-main.369, annotation guidelines, baseline models, citation and acknowledgements). The paper (Piskorski, Marcińczuk, Yangarber, LREC-COLING 2024) presents it as a publicly released corpus. Treat as research data with unknown redistribution terms until clarified.
- Label mapping: PER->PER, ORG->ORG, LOC->LOC; EVT and PRO dropped (their text stays, unlabelled).
- Processing: every offset was checked against the raw text (0 mismatches); documents split into sentences with a rule-based splitter (newlines, `.!?…` + capital, abbreviation/initial protection, never inside an entity); whitespace collapsed; stray spaces before `, . ; : ! ? )` / after `(` removed (offsets remapped); outermost span kept where spans overlap (6 cases corpus-wide).
- Note: the corpus annotates some group nouns/demonyms as PER (e.g. ru "американцев", cs "Britům") — that is the corpus' convention."""

SRC["factRuEval"] = f"""### factRuEval-2016 (gold, news)
- Repository: https://github.com/dialogue-evaluation/factRuEval-2016 , commit `{H[S.FACTRU]}`
- Paths: `devset/book_*.{{txt,tokens,spans,objects}}` (-> train), `testset/book_*.{{txt,tokens,spans,objects}}` (-> dev). Sentence boundaries from `.tokens` (blank lines), entity mentions from `.objects` (object -> span ids; span offsets in `.spans`).
- Licence (`LICENSE`, repo root): "The MIT License (MIT) / Copyright (c) 2015 dialogue-evaluation / Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, ..." — the MIT licence is the only licence in the repository and covers its files, data included (it is worded for software). README.md has no other licence statement.
- Label mapping: Person->PER, Org->ORG, Location->LOC, LocOrg->LOC; Project, Facility dropped; objects with no name span (descriptor-only, e.g. just "компания" or a geo adjective) dropped.
- Extent convention (to match the other sources, which mark names, not descriptors): Person = name/surname/patronymic/nickname spans; Org = `org_name` spans ("Компания Hewlett-Packard" -> "Hewlett-Packard", "газеты «Русская правда»" -> "Русская правда"), or the whole object when it has no `org_name` ("мэрии Москвы"); LocOrg = `loc_name` spans; Location = `loc_name` + `loc_descr` ("Тверской площади"). Overlaps resolved to the outermost span.
- All token offsets verified against the text (0 mismatches)."""

SRC["BSNLP-2017"] = f"""### BSNLP-2017 shared-task topics `ec` and `trump` (gold mention lists, projected to tokens)
- Repository: https://github.com/UL-FRI-Zitnik/BSNLP-2021-Shared-Task , commit `{H[S.ULFRI]}`
- Paths: `data/datasets/bsnlp/{{ec,trump}}/merged/<lang>/*.csv` (tokenised sentences with IOB `ner` column produced by that repo's scripts from the official document-level annotation lists in `.../annotated/`), `data/datasets/bsnlp/{{ec,trump}}/raw/<lang>/*.txt` (original text; first 4 lines are id/lang/date/url).
- Licence: **none stated** (no LICENSE file; README.md has no licence statement). The BSNLP 2017 shared-task data were distributed to participants by the organisers; redistribution terms unknown.
- Label mapping: PER->PER, ORG->ORG, LOC->LOC; MISC dropped.
- Processing: token sequences were aligned back to the raw document text so sentences keep their original spelling/spacing (detokenisation fallback only where alignment failed); the annotation is document-level gold mentions projected onto tokens by string matching (done by the UL-FRI repo), so a few mentions may be missed or over-matched.
- Not used: the copies of the same two topics in Babelscape/wikineural `data/bsnlp/{{ru,pl}}` (`ec`=`val`, `trump`=`test`), to avoid duplicates."""

SRC["WikiNEuRal"] = f"""### WikiNEuRal (silver, Wikipedia)
- Repository: https://github.com/Babelscape/wikineural , commit `{H[S.BABEL]}`
- Paths used: `data/wikineural/<lang>/val.conllu` and `data/wikineural/<lang>/test.conllu` (both used as *training* data here). `data/wikineural/<lang>/train.conllu` is larger than 4 MiB and is missing from the stored snapshot, so it could not be used.
- Licence: `LICENSE` (repo root) is the full text of "Attribution-NonCommercial-ShareAlike 4.0 International"; README.md says: "WikiNEuRal is licensed under the CC BY-SA-NC 4.0 license. The text of the license can be found [here](https://github.com/Babelscape/wikineural/blob/master/LICENSE)." and "We underline that the source from which the raw sentences have been extracted is Wikipedia ([wikipedia.org](https://www.wikipedia.org/)) and the NER annotations have been produced by [Babelscape](https://babelscape.com/)." (The README badge says "CC BY-NC 4.0"; `src/LICENSE` is an MIT licence for the code.) => **non-commercial (CC BY-NC-SA 4.0)**.
- Label mapping: PER, ORG, LOC kept; MISC dropped.
- Annotation is **silver** (automatic, BabelNet/Wikipedia-link based + neural filtering); e.g. some company names are tagged LOC.
- Text rebuilt from tokens with language-aware detokenisation."""

SRC["WikiANN-babel"] = f"""### WikiANN (Rahimi et al. 2019 splits) copy in Babelscape/wikineural — not used
- `data/wikiann/<lang>/train.conllu` (same repo/commit/licence as above) was read (20,000 sentences), but the 40,000-sentence cap was already filled by gold + WikiNEuRal data, so none of it is in the output."""

SRC["WikiANN-panx"] = """### WikiANN / PAN-X (silver, Wikipedia; Pan et al. 2017, Rahimi et al. 2019 balanced splits, as preprocessed by XTREME)
- Repository: https://github.com/boleima/ToPro , commit `9300fd37ea92650f528e027da0f427baae3a62a9` ("upload data", 2023-08-17; later commits deleted `download/`, so this older commit is used).
- Paths: `download/panx/train-<lang>.tsv`, `download/panx/dev-<lang>.tsv` (token<TAB>IOB tag). `test-<lang>.tsv` carries no labels (XTREME hides test labels) and is not used.
- The same repository at that commit also holds panx files for bg, ms, pl, ru, uk, vi among 40 XTREME languages (no cs, sk, hr, sr).
- Licence: **none stated.** ToPro has no LICENSE file. WikiANN's authors published no licence; the Hugging Face dataset card (huggingface/datasets `datasets/wikiann/README.md`) lists `license: unknown`. The text comes from Wikipedia (CC BY-SA).
- Label mapping: PER, ORG, LOC (all kept).
- Annotation is **silver** (automatically derived from Wikipedia links/KB types) and noisy: many "sentences" are title/list fragments (e.g. "Chu Văn Tiến (朱文進)"), some types are wrong (e.g. works or species tagged ORG/LOC/PER). Every WikiANN sentence contains at least one entity (no negative sentences).
- Cleaning: removed wiki markup tokens (`''`, `'''`, lone `'`, `*`, `**`, `=` runs) when tagged O, stripped `''` runs inside tokens; dropped redirect lines (first token `đổi`/`LENCONG`/`пренасочване`/`ПЕРЕНАПРАВЛЕННЯ`/...) and image-map coordinate lines; exact-duplicate sentences removed (WikiANN repeats many lines; e.g. ms train has only 8,657 distinct sentences out of 17,237 kept) and every dev sentence removed from train."""

SRC["ner-uk"] = f"""### lang-uk/ner-uk v2.0 (gold)
- Repository: https://github.com/lang-uk/ner-uk , commit `{H[S.NERUK]}`
- Paths: `v2.0/data/bruk/*.{{txt,ann}}` (BRUK corpus texts, pre-tokenised, one sentence/paragraph per line), `v2.0/data/ng/*.{{txt,ann}}` (Nashi Groshi news, natural text), brat standoff annotations; split `v2.0/data/dev-test-split.txt` (DEV documents -> our train, TEST documents -> our dev).
- Licence (README.md, section "Ліцензія"): "Ці дані доступні для використання згідно умов ліцензії \\"Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International License\\"" (README_en.md: "This data is available for use under the terms of the \\"Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International License\\""). No separate LICENSE file. => **non-commercial (CC BY-NC-SA 4.0)**.
- Label mapping: PERS->PER, ORG->ORG, LOC->LOC; ART, DATE, DOC, JOB, MISC, MON, PCT, PERIOD, QUANT, TIME dropped.
- Processing: 49 annotations whose offsets did not match the text (entities crossing a line break) -> the affected lines were dropped; BRUK lines detokenised (spans re-mapped through detokenisation); lines split into sentences; nested annotations: where the outer entity type was dropped (e.g. DOC, ART) an inner LOC/ORG/PER is kept."""

def uner_src(lang, repo, prefix, lic_path, lic_text, extra=""):
    return f"""### UNER {repo.split('+')[1]} (gold; Universal NER v1)
- Repository: https://github.com/{repo.replace('+', '/')} , commit `{H[repo]}`
- Paths: `{prefix}-train.iob2` (-> train), `{prefix}-test.iob2` (-> also train), `{prefix}-dev.iob2` (-> dev).
- Licence (`{lic_path}`): "{lic_text}"
- Label mapping: PER, ORG, LOC kept; OTH dropped.
- Processing: tokens aligned to the sentence's `# text =` line, so the text is the original UD sentence (no detokenisation needed; all sentences aligned). Exact-duplicate sentences removed.{extra}"""


SRC["UNER-sr"] = uner_src("sr", "UniversalNER+UNER_Serbian-SET", "sr_set-ud", "LICENSE.txt",
    "Universal NER, like Universal Dependencies for Serbian are distributed under the Creative Commons Attribution-ShareAlike 4.0 International license (CC BY-SA 4.0). See this URL for further information: https://creativecommons.org/licenses/by-sa/4.0/.",
    "\n- Script: Latin (SETimes news, as in UD_Serbian-SET).")
SRC["UNER-hr"] = uner_src("hr", "UniversalNER+UNER_Croatian-SET", "hr_set-ud", "LICENSE.txt",
    "Universal NER, like Universal Dependencies for Croatian are distributed under the Creative Commons Attribution-ShareAlike 4.0 International license (CC BY-SA 4.0). See this URL for further information: https://creativecommons.org/licenses/by-sa/4.0/.")
SRC["UNER-sk"] = uner_src("sk", "UniversalNER+UNER_Slovak-SNK", "sk_snk-ud", "LICENSE.txt",
    "The lables, like the treebank, are licensed under the Creative Commons License Attribution-ShareAlike 4.0 International. The complete license text is available at: http://creativecommons.org/licenses/by-sa/4.0/legalcode",
    "\n- README.md front matter also says `license: cc-by-sa-4.0`.\n- Odd: the SNK train split is dominated by PER (its own stats file: PER 2277, LOC 277, ORG 153; much of SNK is fiction/children's books), while dev has relatively more LOC; ORG is rare.")

PLAN = {
    "ru": ["SlavicNER", "factRuEval", "BSNLP-2017", "WikiNEuRal", "WikiANN-babel"],
    "pl": ["SlavicNER", "BSNLP-2017", "WikiNEuRal", "WikiANN-babel"],
    "bg": ["SlavicNER", "WikiANN-panx"],
    "cs": ["SlavicNER", "BSNLP-2017"],
    "uk": ["ner-uk", "SlavicNER", "BSNLP-2017", "WikiANN-panx"],
    "sr": ["UNER-sr"],
    "hr": ["UNER-hr", "BSNLP-2017"],
    "sk": ["UNER-sk", "BSNLP-2017"],
    "vi": ["WikiANN-panx"],
    "ms": ["WikiANN-panx"],
}

NAMES = {"ru": "Russian", "pl": "Polish", "bg": "Bulgarian", "cs": "Czech", "uk": "Ukrainian", "sr": "Serbian",
         "hr": "Croatian", "sk": "Slovak", "vi": "Vietnamese", "ms": "Malay"}

NOTES = {
    "vi": "No openly licensed Vietnamese NER corpus with PER/ORG/LOC was found in the stored GitHub copies. Rejected: VLSP 2016/2018 copies (e.g. undertheseanlp/ner `corpus/vlsp2016`, `data/2018/raw`) — VLSP data is distributed only under a research user agreement; VinAIResearch/PhoNER_COVID19 — README forbids redistribution (\"to **not** distribute PhoNER_COVID19 or part of PhoNER_COVID19 in any original or modified form\") and its types are COVID-specific. **Only silver WikiANN data is delivered; its licence is unknown.**",
    "ms": "No human-annotated, licensed Malay NER corpus was found in the stored GitHub copies. Checked: mesolitica/malaysian-dataset `tagging/entities` (README only points to Hugging Face files that are not in the repo; its data is augmented from Indonesian NER), huseinzol05 Malay-Dataset (not stored), MS-NER/MYNER (Fu et al.; no repository found). **Only silver WikiANN data is delivered; its licence is unknown.** WikiANN-ms is small and highly repetitive (8,657 distinct train sentences).",
    "ru": "Not used: Collection5 and natasha corpora (not checked further once gold news + WikiNEuRal filled the 40k cap); WikiANN-ru (cap reached).",
    "pl": "Not used: WikiANN-pl (cap reached).",
    "sr": "Not usable: reldi-data/SETimes.SRPlus (the `set.sr.plus.conllup` file is >4 MiB and missing from the stored snapshot). No other licensed Serbian NER data found; Serbian is small (3.8k train sentences).",
    "hr": "Not usable: reldi-data/hr500k (`hr500k.conllup` >4 MiB, missing from the stored snapshot).",
    "sk": "BSNLP-2017 adds Slovak news with ORG/LOC, partially compensating the PER-heavy SNK data.",
    "cs": "Not found: a stored GitHub copy of CNEC 2.0 (LINDAT, CC BY-NC-SA 3.0).",
    "bg": "bg has no WikiNEuRal/UNER data; WikiANN-bg (silver) fills the rest.",
    "uk": "",
}


def fmt_stats(st):
    return f"{st['sentences']} sentences ({st['with_entities']} with entities); PER {st['PER']}, ORG {st['ORG']}, LOC {st['LOC']}"


def main():
    for lang, plan in PLAN.items():
        info = json.load(open(os.path.join(os.path.dirname(__file__), f"stats_{lang}.json")))
        d = info["dir"]
        lines = [f"# {NAMES[lang]} ({lang}) NER data — PER / ORG / LOC", ""]
        lines += ["Files: `train.jsonl`, `dev.jsonl` — one JSON object per line: `{\"text\": str, \"spans\": [[start, end, label], ...]}`; "
                  "offsets are Unicode code-point (Python `str`) indices, end exclusive; labels PER/ORG/LOC only. "
                  "`train.source.txt` / `dev.source.txt` give, line by line, the source of each example (so silver data can be filtered out).", ""]
        lines += ["## Totals", "", f"- train: {fmt_stats(info['train'])}", f"- dev: {fmt_stats(info['dev'])}", ""]
        lines += ["## Composition", "", "| split | source | sentences | PER | ORG | LOC |", "|---|---|---|---|---|---|"]
        for k in ("train", "dev"):
            for name, n, st in info["composition"][k]:
                lines.append(f"| {k} | {name} | {n} | {st['PER']} | {st['ORG']} | {st['LOC']} |")
        lines += ["", "Assembly rules: dev = the corpus' own held-out split (gold where available), capped at 3,000 by a proportional fixed-seed sample; "
                  "train = all gold training data first, then silver data (in the order listed) until 40,000 sentences, sampled with a fixed seed (20240611) when a tier does not fit; "
                  "exact-duplicate texts removed and any sentence that also occurs in dev removed from train; both files shuffled with the same seed. "
                  "Sentences without entities are kept (negative examples) where the source has them.", ""]
        lines += ["## Sources", ""]
        for key in plan:
            lines += [SRC[key], ""]
        if NOTES.get(lang):
            lines += ["## Notes / not used", "", NOTES[lang], ""]
        lines += ["## Processing counters", "", "```", json.dumps(info["counters"], ensure_ascii=False, indent=1), "```", "",
                  "Built by `/work/nerdata/_tools_slav_vi_ms/build_all.py` (stdlib Python; readers in `sources.py`, detokeniser/sentence splitter in `nerlib.py`), "
                  "validated by `validate.py` (every span slices to a non-empty string with no surrounding whitespace).", ""]
        open(os.path.join(d, "SOURCE.md"), "w", encoding="utf-8").write("\n".join(lines))
        print("wrote", os.path.join(d, "SOURCE.md"))


if __name__ == "__main__":
    main()
