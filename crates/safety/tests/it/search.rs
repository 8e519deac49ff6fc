//! Multilingual search over reports and its filters.

use waico_safety::report::{ReportDraft, Title};
use waico_safety::search::{ReportIndex, SearchQuery};
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::{Tlp, Viewer};

use crate::fixtures::*;

fn clear(id: &str, title: &str, description: &str, sector: &str) -> waico_safety::report::Report {
    let mut r = report_at(Tlp::Clear, id);
    r.content.title = Title::parse(title).unwrap();
    r.content.description = description.into();
    r.content.harm = ReportDraft {
        sectors: vec![sector.into()],
        countries: vec!["eg".into()],
        ..draft("x")
    }
    .validate(Taxonomies::builtin())
    .unwrap()
    .harm;
    r
}

#[test]
fn finds_reports_in_the_six_languages_and_filters_them() {
    let reports = vec![
        clear(
            "ar",
            "روبوت محادثة قدّم نصائح طبية خاطئة",
            "نصائح طبية خاطئة للمرضى",
            "health",
        ),
        clear(
            "zh",
            "聊天机器人给出错误的医疗建议",
            "患者收到错误的医疗建议",
            "health",
        ),
        clear(
            "ru",
            "Чат-бот давал опасные медицинские советы",
            "пациенты получили советы",
            "health",
        ),
        clear(
            "fr",
            "Un robot de recrutement écarte les candidates",
            "candidatures rejetées",
            "employment",
        ),
        clear(
            "es",
            "Un sistema de crédito discrimina a los solicitantes",
            "solicitudes rechazadas",
            "finance",
        ),
        clear(
            "en",
            "Hiring model rejects older applicants",
            "applicants over sixty rejected",
            "employment",
        ),
    ];
    let index = ReportIndex::open_in_ram().unwrap();
    index.rebuild(&reports).unwrap();
    let find = |text: &str| -> Vec<String> {
        let q = SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        };
        index
            .search(&q, &Viewer::Anonymous)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(find("النصائح الطبية"), ["ar"]);
    assert_eq!(find("医疗建议"), ["zh"]);
    assert_eq!(find("медицинский совет"), ["ru"]);
    assert_eq!(find("candidate"), ["fr"]);
    assert_eq!(find("solicitante"), ["es"]);
    assert_eq!(find("applicant rejected"), ["en"]);
    let employment = index
        .search(
            &SearchQuery {
                sectors: vec!["employment".into()],
                countries: vec!["eg".into()],
                limit: 10,
                ..SearchQuery::default()
            },
            &Viewer::Anonymous,
        )
        .unwrap();
    assert_eq!(employment.total, 2);
    // Deleting a report removes it from the results.
    index.delete(&waico_safety::ids::ReportId::parse("en").unwrap());
    index.commit().unwrap();
    assert!(find("applicant").is_empty());
}
