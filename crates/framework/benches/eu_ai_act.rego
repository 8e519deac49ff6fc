# EU AI Act risk classification (WAICO benchmark twin of data/packs/eu_ai_act.yaml).
# Same logic as the CEL pack's classification rules, written in Rego v1 for regorus.
package waico.eu

import rego.v1

member_states := {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}

annex_iii := {"biometrics", "critical_infrastructure", "education", "employment", "essential_services_credit", "essential_services_insurance", "public_benefits", "emergency_dispatch", "law_enforcement", "migration_border", "justice_democracy", "elections"}

caps := {c | some c in input.capabilities}

purposes := {p | some p in input.purposes}

contexts := {c | some c in input.deployment_contexts}

in_union if "EU" in input.jurisdictions

in_union if {
	some j in input.jurisdictions
	j in member_states
}

# Art. 2(3) and 2(6) put the system outside the Regulation.
excluded if {
	some e in input.art2_exclusions
	e in {"military_defence", "scientific_research"}
}

applies if {
	in_union
	not excluded
}

realtime_police_rbi if {
	"biometric_identification_realtime" in caps
	"publicly_accessible_space" in contexts
	"law_enforcement" in purposes
}

prohibited if "subliminal_manipulation" in caps

prohibited if "exploits_vulnerabilities" in caps

prohibited if "social_scoring" in caps

prohibited if "crime_prediction_profiling" in caps

prohibited if "untargeted_facial_scraping" in caps

prohibited if "biometric_categorisation_sensitive" in caps

prohibited if {
	"emotion_recognition" in caps
	count(contexts & {"workplace", "education_institution"}) > 0
	count(purposes & {"medical", "safety"}) == 0
}

prohibited if {
	realtime_police_rbi
	count(input.rbi_exceptions) == 0
}

not_exempt if count(input.art6_3_exemptions) == 0

not_exempt if "profiling" in caps

high if input.annex_i_safety_component

high if {
	count(purposes & (annex_iii - {"biometrics"})) > 0
	not_exempt
}

# Annex III 1(a)-(c): remote identification, categorisation by protected attributes, emotion recognition.
biometric_signal if count(caps & {"biometric_identification_remote", "biometric_categorisation_protected", "emotion_recognition"}) > 0

high if {
	biometric_signal
	not_exempt
}

high if {
	realtime_police_rbi
	count(input.rbi_exceptions) > 0
}

gpai_systemic if {
	input.is_gpai
	input.training_compute_flop > 1e25
}

gpai if input.is_gpai

limited if count(caps & {"interacts_with_people", "generates_synthetic_content", "deepfake", "emotion_recognition", "biometric_categorisation"}) > 0

limited if "chatbot" in purposes

limited if {
	"public_interest_text" in caps
	not input.human_editorial_control
}

risk_class := "prohibited" if prohibited
else := "high" if high
else := "gpai_systemic" if gpai_systemic
else := "gpai" if gpai
else := "limited" if limited
else := "minimal"

result := risk_class if applies

result := "not_applicable" if not applies
