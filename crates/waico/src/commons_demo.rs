//! Demo content of the commons: 33 repositories of member states,
//! institutions and people, in a dozen languages, with real cards and small
//! real files generated here (configs, tokenizers, safetensors and GGUF
//! headers, CSV data), some gated, some with two commits and a tag.

use bytes::Bytes;
use waico_app::AppState;
use waico_app::commons::{self, PushError, RepoInput};
use waico_commons::repo::{Change, Commit, RepoKind, RepoPath, Sha256, Visibility};
use waico_members::Actor;

/// (kind, owner, name, visibility, languages, licence, task, library, title, summary)
type Entry = (
    RepoKind,
    &'static str,
    &'static str,
    Visibility,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

use RepoKind::{Dataset, Model, Tool};
use Visibility::{Gated, MembersOnly, Public};

const REPOS: &[Entry] = &[
    (
        Model,
        "KEN",
        "swahili-bert",
        Public,
        &["sw", "en"],
        "apache-2.0",
        "fill-mask",
        "transformers",
        "Swahili BERT",
        "A compact masked language model trained on Kiswahili news and radio transcripts.",
    ),
    (
        Model,
        "CHN",
        "qwen-mini-zh",
        Public,
        &["zh"],
        "apache-2.0",
        "text-generation",
        "transformers",
        "中文小型语言模型",
        "一个用于中文文本生成的小型语言模型，适合在普通电脑上运行。",
    ),
    (
        Model,
        "tsinghua-university",
        "zh-en-translator",
        Public,
        &["zh", "en"],
        "mit",
        "translation",
        "transformers",
        "中英机器翻译模型",
        "中文与英文之间的神经机器翻译模型，适用于新闻和科技文本。",
    ),
    (
        Model,
        "EGY",
        "arabic-sentiment",
        Public,
        &["ar"],
        "cc-by-4.0",
        "text-classification",
        "transformers",
        "تحليل المشاعر باللغة العربية",
        "نموذج لتصنيف المشاعر في الأخبار والتغريدات العربية، ويدعم اللهجة المصرية.",
    ),
    (
        Model,
        "SAU",
        "arabic-asr",
        Gated,
        &["ar"],
        "other",
        "automatic-speech-recognition",
        "transformers",
        "التعرف الآلي على الكلام العربي",
        "نموذج للتعرف على الكلام باللغة العربية الفصحى، متاح بعد الموافقة على طلب الوصول.",
    ),
    (
        Model,
        "RUS",
        "ru-summarizer",
        Public,
        &["ru"],
        "apache-2.0",
        "summarization",
        "transformers",
        "Реферирование русских текстов",
        "Модель для автоматического реферирования новостей и отчётов на русском языке.",
    ),
    (
        Model,
        "BRA",
        "pt-legal-ner",
        Public,
        &["pt"],
        "mit",
        "token-classification",
        "transformers",
        "Reconhecimento de entidades jurídicas",
        "Modelo de reconhecimento de entidades nomeadas em textos jurídicos brasileiros.",
    ),
    (
        Model,
        "FRA",
        "fr-entites",
        Public,
        &["fr"],
        "apache-2.0",
        "token-classification",
        "transformers",
        "Reconnaissance d'entités nommées en français",
        "Modèle de reconnaissance d'entités nommées pour les textes administratifs francophones.",
    ),
    (
        Model,
        "masakhane-research-foundation",
        "yoruba-english-mt",
        Public,
        &["yo", "en"],
        "cc-by-4.0",
        "translation",
        "transformers",
        "Yorùbá–English translation",
        "Neural machine translation between Yorùbá and English, trained on community-curated data.",
    ),
    (
        Model,
        "masakhane-research-foundation",
        "amharic-llm",
        Gated,
        &["am"],
        "apache-2.0",
        "text-generation",
        "transformers",
        "Amharic language model",
        "A small generative model for Amharic; access is granted to researchers on request.",
    ),
    (
        Model,
        "IND",
        "hindi-bengali-asr",
        Public,
        &["hi", "bn"],
        "apache-2.0",
        "automatic-speech-recognition",
        "transformers",
        "Hindi and Bengali speech recognition",
        "Speech recognition for Hindi and Bengali trained on public-domain broadcasts.",
    ),
    (
        Model,
        "qatar-computing-research-institute",
        "arabic-dialect-id",
        Public,
        &["ar"],
        "mit",
        "text-classification",
        "transformers",
        "تمييز اللهجات العربية",
        "نموذج يحدد اللهجة العربية لنص قصير من بين ثماني عشرة لهجة.",
    ),
    (
        Model,
        "skolkovo-institute-of-science-and-technology",
        "kazakh-russian-bert",
        Public,
        &["kk", "ru"],
        "apache-2.0",
        "fill-mask",
        "transformers",
        "Казахско-русская модель BERT",
        "Двуязычная модель BERT для казахского и русского языков.",
    ),
    (
        Model,
        "MEX",
        "notas-clinicas",
        Public,
        &["es"],
        "apache-2.0",
        "text-classification",
        "transformers",
        "Clasificación de notas clínicas en español",
        "Modelo para clasificar notas clínicas en español por especialidad médica.",
    ),
    (
        Model,
        "li.wei",
        "zh-ocr",
        Gated,
        &["zh"],
        "mit",
        "image-to-text",
        "transformers",
        "中文文字识别",
        "识别扫描文档中的中文印刷体文字。",
    ),
    (
        Model,
        "thandi",
        "isizulu-tts",
        Public,
        &["zu", "en"],
        "cc-by-sa-4.0",
        "text-to-speech",
        "transformers",
        "isiZulu text to speech",
        "A small text-to-speech voice for isiZulu.",
    ),
    (
        Model,
        "VNM",
        "vi-chat-gguf",
        Public,
        &["vi"],
        "apache-2.0",
        "text-generation",
        "gguf",
        "Mô hình trò chuyện tiếng Việt",
        "Mô hình trò chuyện tiếng Việt nhỏ gọn ở định dạng GGUF.",
    ),
    (
        Model,
        "SEN",
        "wolof-asr",
        Public,
        &["wo", "fr"],
        "cc-by-4.0",
        "automatic-speech-recognition",
        "transformers",
        "Reconnaissance de la parole en wolof",
        "Modèle de reconnaissance automatique de la parole pour le wolof.",
    ),
    (
        Dataset,
        "KEN",
        "kiswahili-news",
        Public,
        &["sw"],
        "cc-by-4.0",
        "text-classification",
        "",
        "Kiswahili news",
        "Habari za Kiswahili zilizoainishwa kwa mada: siasa, michezo, uchumi na afya.",
    ),
    (
        Dataset,
        "EGY",
        "arabic-qa",
        Public,
        &["ar"],
        "cc-by-sa-4.0",
        "question-answering",
        "",
        "أسئلة وأجوبة باللغة العربية",
        "مجموعة بيانات من الأسئلة والأجوبة المستخرجة من مقالات عربية.",
    ),
    (
        Dataset,
        "CHN",
        "chinese-legal-corpus",
        MembersOnly,
        &["zh"],
        "cc-by-4.0",
        "text-generation",
        "",
        "中文法律语料库",
        "公开法律法规文本语料，仅限成员使用。",
    ),
    (
        Dataset,
        "university-of-sao-paulo",
        "pt-speech",
        Public,
        &["pt"],
        "cc-by-4.0",
        "automatic-speech-recognition",
        "",
        "Fala em português brasileiro",
        "Transcrições de fala em português brasileiro de vários estados.",
    ),
    (
        Dataset,
        "RUS",
        "ru-zh-en-parallel",
        Public,
        &["ru", "zh", "en"],
        "cc-by-4.0",
        "translation",
        "",
        "Параллельный корпус русский–китайский–английский",
        "Выровненные предложения на русском, китайском и английском языках.",
    ),
    (
        Dataset,
        "MAR",
        "darija-sentiment",
        Public,
        &["ar", "fr"],
        "cc-by-4.0",
        "text-classification",
        "",
        "مشاعر الدارجة المغربية",
        "تعليقات بالدارجة المغربية مصنفة حسب المشاعر.",
    ),
    (
        Dataset,
        "indian-institute-of-technology-madras",
        "indic-benchmarks",
        Public,
        &["hi", "ta", "bn"],
        "cc-by-4.0",
        "text-classification",
        "",
        "Indic language benchmarks",
        "Evaluation sets for Hindi, Tamil and Bengali classification.",
    ),
    (
        Dataset,
        "ZAF",
        "south-african-languages",
        Public,
        &["zu", "xh", "af", "en"],
        "cc-by-4.0",
        "translation",
        "",
        "South African languages parallel text",
        "Parallel sentences in isiZulu, isiXhosa, Afrikaans and English.",
    ),
    (
        Dataset,
        "masakhane-research-foundation",
        "african-ner",
        Gated,
        &["yo", "ha", "ig", "sw"],
        "cc-by-4.0",
        "token-classification",
        "",
        "African named entities",
        "Named entity annotations for Yorùbá, Hausa, Igbo and Kiswahili news.",
    ),
    (
        Dataset,
        "IDN",
        "ulasan-produk",
        Public,
        &["id"],
        "cc-by-4.0",
        "text-classification",
        "",
        "Ulasan produk berbahasa Indonesia",
        "Ulasan produk daring berbahasa Indonesia dengan label sentimen.",
    ),
    (
        Dataset,
        "ARG",
        "documentos-publicos",
        Public,
        &["es"],
        "cc-by-4.0",
        "summarization",
        "",
        "Documentos públicos en español",
        "Documentos de la administración pública con resúmenes de referencia.",
    ),
    (
        Tool,
        "CHN",
        "model-evaluator",
        Public,
        &["zh", "en"],
        "apache-2.0",
        "",
        "",
        "模型评测工具",
        "在多种语言的基准上评测模型的命令行工具。",
    ),
    (
        Tool,
        "ZAF",
        "card-linter",
        Public,
        &["en"],
        "mit",
        "",
        "",
        "Card linter",
        "Checks model and dataset cards for missing licences, languages and evaluation results.",
    ),
    (
        Tool,
        "RWA",
        "kinyarwanda-tokenizer",
        Public,
        &["rw", "en"],
        "apache-2.0",
        "",
        "",
        "Kinyarwanda tokenizer",
        "A morphology-aware tokenizer for Kinyarwanda.",
    ),
    (
        Tool,
        "FRA",
        "audit-equite",
        Public,
        &["fr"],
        "apache-2.0",
        "",
        "",
        "Outil d'audit d'équité",
        "Mesure les écarts de performance d'un modèle entre groupes de population.",
    ),
];

fn card(e: &Entry) -> String {
    let (kind, owner, name, _, langs, license, task, library, title, summary) = *e;
    let mut y = String::from("---\n");
    y.push_str(&format!("license: {license}\n"));
    if license == "other" {
        y.push_str("license_name: waico-responsible-ai\nlicense_link: https://waico.org/licences/responsible-ai\n");
    }
    y.push_str("language:\n");
    for l in langs {
        y.push_str(&format!("- {l}\n"));
    }
    if !task.is_empty() {
        if kind == Dataset {
            y.push_str(&format!(
                "task_categories:\n- {task}\nsize_categories:\n- n<1K\n"
            ));
        } else if kind == Model {
            y.push_str(&format!("pipeline_tag: {task}\n"));
        }
    }
    if !library.is_empty() {
        y.push_str(&format!("library_name: {library}\n"));
    }
    y.push_str(&format!(
        "tags:\n- waico-demo\n- {}\n",
        owner.to_ascii_lowercase()
    ));
    y.push_str("---\n");
    let hf = match kind {
        Model => format!("hf_hub_download(\"{owner}/{name}\", \"config.json\")"),
        Dataset => format!("snapshot_download(\"{owner}/{name}\", repo_type=\"dataset\")"),
        Tool => format!("waico commons pull {owner}/{name} ./{name} --kind tool"),
    };
    format!(
        "{y}# {title}\n\n{summary}\n\n## Usage\n\n```python\n# HF_ENDPOINT=https://<this node>\nfrom huggingface_hub import hf_hub_download, snapshot_download\n{hf}\n```\n\n## Limitations\n\nThis is demonstration content generated by `waico serve --demo`: the files are tiny and the model weights are not trained.\n"
    )
}

fn safetensors(seed: u8) -> Vec<u8> {
    let header = br#"{"__metadata__":{"format":"pt"},"weight":{"dtype":"F32","shape":[4,8],"data_offsets":[0,128]}}"#;
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(header);
    for i in 0..32u32 {
        out.extend_from_slice(&((i as f32 + seed as f32) / 100.0).to_le_bytes());
    }
    out
}

fn gguf() -> Vec<u8> {
    let mut out = b"GGUF".to_vec();
    out.extend_from_slice(&3u32.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    out
}

/// Files as (path, bytes).
type Files = Vec<(String, Vec<u8>)>;

fn files_of(i: usize, e: &Entry) -> (Files, Files) {
    let (kind, _, name, _, langs, _, task, library, title, summary) = *e;
    let first = vec![("README.md".to_owned(), card(e).into_bytes())];
    let mut second = Vec::new();
    match kind {
        Model => {
            let config = serde_json::json!({
                "model_type": "bert",
                "hidden_size": 32,
                "num_attention_heads": 2,
                "num_hidden_layers": 2,
                "vocab_size": 16,
                "task": task,
                "languages": langs,
            });
            let mut first = first;
            first.push((
                "config.json".into(),
                serde_json::to_vec_pretty(&config).unwrap_or_default(),
            ));
            let vocab: serde_json::Map<String, serde_json::Value> = summary
                .split_whitespace()
                .take(16)
                .enumerate()
                .map(|(n, w)| (w.to_owned(), serde_json::json!(n)))
                .collect();
            second.push((
                "tokenizer.json".into(),
                serde_json::to_vec_pretty(&serde_json::json!({ "version": "1.0", "model": { "type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]" } }))
                    .unwrap_or_default(),
            ));
            if library == "gguf" {
                second.push((format!("{name}.Q4_0.gguf"), gguf()));
            } else {
                second.push(("model.safetensors".into(), safetensors(i as u8)));
            }
            return (first, second);
        }
        Dataset => {
            let mut csv = String::from("id,text,label\n");
            for (n, word) in summary.split_whitespace().enumerate().take(12) {
                csv.push_str(&format!(
                    "{},\"{} {}\",{}\n",
                    n + 1,
                    title.replace('"', ""),
                    word.replace('"', ""),
                    n % 3
                ));
            }
            second.push(("data/train.csv".into(), csv.clone().into_bytes()));
            second.push((
                "data/test.csv".into(),
                csv.lines()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into_bytes(),
            ));
        }
        Tool => {
            second.push((
                format!("{}.py", name.replace('-', "_")),
                format!("\"\"\"{title}: {summary}\"\"\"\n\n\ndef main() -> None:\n    print({title:?})\n\n\nif __name__ == \"__main__\":\n    main()\n").into_bytes(),
            ));
        }
    }
    (first, second)
}

async fn store_blob(state: &AppState, bytes: Vec<u8>) -> anyhow::Result<(Sha256, u64)> {
    let sha = Sha256::digest(&bytes);
    let size = bytes.len() as u64;
    let body = futures::stream::iter([Ok::<Bytes, std::io::Error>(Bytes::from(bytes))]);
    waico_store::blobs::put_verified(&state.artifacts, sha.as_str(), size, body).await?;
    state.store.record_blob(sha.as_str(), size).await?;
    Ok((sha, size))
}

async fn commit_files(
    state: &AppState,
    repo: i64,
    parent: Option<&Commit>,
    files: Files,
    message: &str,
    time: i64,
) -> anyhow::Result<Commit> {
    let mut changes = Vec::new();
    for (path, bytes) in files {
        let (sha256, size) = store_blob(state, bytes).await?;
        changes.push(Change::Put {
            path: RepoPath::parse(&path)?,
            size,
            sha256,
        });
    }
    let commit = Commit::build(parent, &changes, "waico-demo", message, time)?;
    state.store.push_commit(repo, "main", &commit).await?;
    Ok(commit)
}

/// Fills the commons as `secretariat`; returns the number of repositories
/// created. Repositories and tags are made by the commons operations; the
/// commits are written with times spread over the last 90 days (a history
/// no push made now could give), from blobs stored as an upload stores them.
pub async fn seed(state: &AppState, secretariat: &Actor) -> anyhow::Result<usize> {
    let start = time::OffsetDateTime::now_utc().unix_timestamp() - 90 * 86_400;
    for (i, e) in REPOS.iter().enumerate() {
        let (kind, owner, name, visibility, ..) = *e;
        let input = RepoInput {
            kind: kind.as_str().to_owned(),
            owner: owner.to_owned(),
            name: name.to_owned(),
            visibility: Some(visibility.as_str().to_owned()),
        };
        let created = commons::create_repo(state, secretariat, &input)
            .await
            .map_err(|err| anyhow::anyhow!("demo repository {owner}/{name}: {err}"))?;
        let (first, second) = files_of(i, e);
        let t = start + i as i64 * 7_200;
        let c1 = commit_files(state, created.id, None, first, "Card and configuration", t).await?;
        let fresh = state.store.repo(kind, &created.repo).await?;
        commons::tag(state, secretariat, &fresh, "v1.0", c1.id.as_str())
            .await
            .map_err(|err| match err {
                PushError::Op(e) => anyhow::anyhow!("demo tag of {owner}/{name}: {e}"),
                PushError::Fields(f) => anyhow::anyhow!("demo tag of {owner}/{name}: {f:?}"),
            })?;
        let c2 = commit_files(state, created.id, Some(&c1), second, "Add files", t + 3_600).await?;
        for d in 0..(i * 7 % 13) {
            let day = time::OffsetDateTime::from_unix_timestamp(t + d as i64 * 86_400)
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            state.store.record_download(created.id, &day).await?;
        }
        let fresh = state.store.repo(kind, &created.repo).await?;
        commons::refresh_card(state, &fresh, &c2).await;
    }
    Ok(REPOS.len())
}
