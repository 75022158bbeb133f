"""Round 7 of issue #15 (r7-locale): what a chat app or IDE assistant SHOWS, in the languages it
ships. People paste the app's localized banner for a condition (an invalid key, a used-up quota, a
region refused, a model not found, no access to it, a throttle, a failed provider, no network),
not the provider's English. Each family is held to the apps' own strings (their locale files,
cited per block) in every language they ship, and to the texts it must leave alone: a request
too long, content filtered, a banner that names no condition."""

from __future__ import annotations

import pytest

from accesscheck.classify.rules import RULES
from tests.classify.test_account_classes import _explain, _read

# LobeChat: https://github.com/lobehub/lobe-chat/blob/<commit>/locales/<lang>/error.json (commits
# in the rules' sources); Roo Code: https://github.com/RooCodeInc/Roo-Code/blob/
# c69bb9ccc4e7ec60b408147f1dfafbf719f88646/src/i18n/locales/<lang>/common.json (cerebras.*,
# errors.no_internet); Cherry Studio: https://github.com/CherryHQ/cherry-studio/blob/
# 0058380c1689df00330c4853be83aa32dfc24edc/src/renderer/src/i18n/locales/ru-ru.json (error.*);
# Gemini-OmniChat: https://github.com/HeavenTTT/Gemini-OmniChat-auto/blob/991779e55e0f4e68dece0a597a53b8f2196d40ba/utils/locales/<lang>/error.ts; NextChat:
# https://github.com/ChatGPTNextWeb/NextChat/blob/0fa2c3a24b94a1f2b8f833ad91eb3c085130d8a7/app/locales/ru.ts

AUTH, QUOTA, GEO = "unknown/auth_invalid", "gated/quota_exhausted", "restricted/geo_blocked"
ABSENT, GATED, RATE = "unavailable/not_found", "gated/not_entitled", "reachable/rate_limited"
FAILED, OFFLINE = "unknown/provider_error", "unknown/local_network_down"
CONDITIONS = (AUTH, QUOTA, GEO, ABSENT, GATED, RATE, FAILED, OFFLINE)


def test_round7_cases() -> None:
    # Gemini CLI in Portuguese: "API Key do Gemini não encontrada" (no key configured)
    assert _read("h6a-024") == AUTH


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # LobeChat InvalidProviderAPIKey (placeholder {{provider}} filled), zh-TW, ja, ko, ru, pt, de
        ("OpenAI API Key 不正確或為空，請檢查 OpenAI API Key 後重試", AUTH),
        ("Anthropic API 金鑰不正確或為空，請檢查 Anthropic API 金鑰後重試", AUTH),
        ("Google APIキーが正しくないか空です。Google APIキーを確認してから再試行してください。", AUTH),
        ("Mistral AI API 키가 잘못되었거나 비어 있습니다. Mistral API 키를 확인한 후 다시 시도해주세요.", AUTH),
        ("잘못된 또는 비어 있는 Google API Key입니다. Google API Key를 확인한 후 다시 시도하십시오.", AUTH),
        ("Неверный или пустой ключ API Google, пожалуйста, проверьте ключ API Google и повторите попытку", AUTH),
        ("Anthropic API Key недействителен или отсутствует. Пожалуйста, проверьте Anthropic API Key и повторите попытку", AUTH),
        ("OpenAI API Key inválido ou em branco, por favor, verifique o OpenAI API Key e tente novamente", AUTH),
        ("OpenAI API-Schlüssel ist ungültig oder leer. Bitte überprüfen Sie den OpenAI API-Schlüssel und versuchen Sie es erneut.", AUTH),
        # LobeChat InvalidBedrockCredentials / InvalidVertexCredentials
        ("Bedrock 鉴权未通过，请检查 AccessKeyId/SecretAccessKey 后重试", AUTH),
        ("Die Bedrock-Authentifizierung ist fehlgeschlagen. Bitte überprüfen Sie AccessKeyId/SecretAccessKey und versuchen Sie es erneut.", AUTH),
        ("L'authentification Vertex a échoué, veuillez vérifier vos informations d'authentification et réessayer", AUTH),
        # LobeChat's 401 banner, zh, ko, pt
        ("很抱歉，服务器拒绝了您的请求，可能是因为您的权限不足或未提供有效的身份验证", AUTH),
        ("죄송합니다. 서버가 요청을 거부했습니다. 권한이 부족하거나 유효한 인증 정보를 제공하지 않았을 수 있습니다.", AUTH),
        ("Desculpe, o servidor recusou sua solicitação, possivelmente devido à falta de permissão ou autenticação inválida", AUTH),
        # Roo Code cerebras.authenticationFailed, ru, pt, de, ko, es, fr, ja
        ("Ошибка аутентификации Cerebras API. Убедитесь, что ваш API-ключ действителен и не истек.", AUTH),
        ("Falha na autenticação da API Cerebras. Verifique se sua chave de API é válida e não expirou.", AUTH),
        ("Cerebras API-Authentifizierung fehlgeschlagen. Bitte überprüfe, ob dein API-Schlüssel gültig und nicht abgelaufen ist.", AUTH),
        ("Cerebras API 인증에 실패했습니다. API 키가 유효하고 만료되지 않았는지 확인하세요.", AUTH),
        ("Falló la autenticación de la API de Cerebras. Verifica que tu clave de API sea válida y no haya expirado.", AUTH),
        ("Échec de l'authentification de l'API Cerebras. Vérifiez que votre clé API est valide et n'a pas expiré.", AUTH),
        ("Cerebras API認証が失敗しました。APIキーが有効で期限切れではないことを確認してください。", AUTH),
        # Cherry Studio (ru): error.http.401, error.no_api_key
        ("Не удалось пройти аутентификацию. Пожалуйста, проверьте, правильно ли настроен ваш ключ API", AUTH),
        ("Ключ API не настроен", AUTH),
    ],
)  # fmt: skip
def test_a_key_refused_in_an_apps_words(text: str, verdict: str) -> None:
    assert _explain(text) == verdict


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # LobeChat QuotaLimitReached (zh: 秘钥 as the app spells it), InsufficientQuota (pt, de, fr)
        ("很抱歉，当前 Token 用量/请求次数已达该秘钥的配额(quota)上限，请增加该秘钥的配额或稍后再试", QUOTA),
        ("Desculpe, a cota dessa chave atingiu o limite. Verifique se o saldo da conta é suficiente ou aumente a cota da chave e tente novamente.", QUOTA),
        ("Es tut uns leid, das Kontingent (Quota) für diesen Schlüssel ist erreicht. Bitte überprüfen Sie Ihr Kontoguthaben oder erhöhen Sie das Kontingent des Schlüssels und versuchen Sie es erneut.", QUOTA),
        ("Désolé, le quota de cette clé a atteint sa limite. Veuillez vérifier si le solde de votre compte est suffisant ou augmenter le quota de la clé avant de réessayer.", QUOTA),
        ("Lo sentimos, el uso actual de tokens o el número de solicitudes ha alcanzado el límite de cuota de esta clave. Por favor, aumenta la cuota de esta clave o intenta de nuevo más tarde.", QUOTA),
        ("Desculpe, o uso atual de tokens ou o número de solicitações atingiu o limite de quota da chave. Por favor, aumente a quota dessa chave ou tente novamente mais tarde.", QUOTA),
        ("Désolé, l'utilisation actuelle des tokens ou le nombre de requêtes a atteint la limite de quota de cette clé. Veuillez augmenter le quota de cette clé ou réessayer plus tard.", QUOTA),
        # its "try again later" and the request count beside the quota: a cap, never a throttle
        ("Es tut uns leid, die aktuelle Token-Nutzung oder die Anzahl der Anfragen hat das Kontingent (Quota) für diesen Schlüssel erreicht. Bitte erhöhen Sie das Kontingent für diesen Schlüssel oder versuchen Sie es später erneut.", QUOTA),
    ],
)  # fmt: skip
def test_a_used_up_quota_in_an_apps_words(text: str, verdict: str) -> None:
    assert _explain(text, status=429) == verdict
    assert _explain(text) == verdict


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # LobeChat LocationNotSupportError, zh-TW, ko, ru, pt, es, de, fr
        ("很抱歉，你的所在位置不支持此模型服務，可能是由於地區限制或服務未開通。請確認當前位置是否支持使用此服務，或嘗試使用其他位置信息。", GEO),
        ("죄송합니다. 귀하의 현재 위치는 해당 모델 서비스를 지원하지 않습니다. 지역 제한 또는 서비스 미개통으로 인한 것일 수 있습니다.", GEO),
        ("Извините, ваше текущее местоположение не поддерживает эту службу модели, возможно из-за ограничений региона или недоступности службы.", GEO),
        ("Desculpe, sua localização atual não suporta este serviço de modelo, pode ser devido a restrições geográficas ou serviço não disponível.", GEO),
        ("Lo sentimos, tu ubicación actual no es compatible con este servicio de modelo, puede ser debido a restricciones geográficas o a que el servicio no está disponible.", GEO),
        ("Entschuldigung, Ihr Standort unterstützt diesen Modellservice möglicherweise aufgrund von regionalen Einschränkungen oder nicht aktivierten Diensten nicht.", GEO),
        ("Désolé, votre emplacement actuel ne prend pas en charge ce service de modèle, peut-être en raison de restrictions géographiques ou de services non disponibles.", GEO),
    ],
)  # fmt: skip
def test_a_region_refused_in_an_apps_words(text: str, verdict: str) -> None:
    assert _explain(text, status=403) == verdict
    assert _explain(text) == verdict


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # LobeChat ModelNotFound ("may not exist, or no access"), pt, de, fr: not found, ambiguous
        ("Desculpe, não foi possível solicitar o modelo correspondente. Isso pode ser devido ao modelo não existir ou a falta de permissões de acesso.", ABSENT),
        ("Es tut uns leid, das angeforderte Modell konnte nicht gefunden werden. Möglicherweise existiert das Modell nicht oder es liegen keine Zugriffsrechte vor.", ABSENT),
        ("Désolé, il n'est pas possible de demander le modèle correspondant, il se peut que le modèle n'existe pas ou que vous n'ayez pas les droits d'accès.", ABSENT),
        # Gemini-OmniChat model_not_found, zh, ja (见 as the app writes it)
        ("模型未找到 (404)。", ABSENT),
        ("モデルが见つかりません (404)。", ABSENT),
        # Cherry Studio (ru): error.http.404
        ("Модель не найдена или путь запроса неверен", ABSENT),
        # LobeChat PermissionDenied (pt, es, de) and 403 banners (zh, ja, ru)
        ("Desculpe, você não tem permissão para acessar este serviço. Verifique se sua chave tem as permissões necessárias.", GATED),
        ("Lo sentimos, no tienes permiso para acceder a este servicio. Por favor, verifica si tu clave tiene los permisos necesarios.", GATED),
        ("Es tut uns leid, Sie haben keine Berechtigung, auf diesen Dienst zuzugreifen. Bitte überprüfen Sie, ob Ihr Schlüssel die erforderlichen Zugriffsrechte hat.", GATED),
        ("很抱歉，服务器拒绝了您的请求，您没有访问此内容的权限", GATED),
        ("申し訳ありませんが、サーバーはリクエストを拒否しました。このコンテンツにアクセスする権限がありません", GATED),
        ("Извините, сервер отклонил ваш запрос. У вас нет разрешения на доступ к этому содержимому", GATED),
        # Roo Code cerebras.accessForbidden, ru, pt, ko, es, fr, ja
        ("Доступ к Cerebras API запрещен. Ваш API-ключ может не иметь доступа к запрашиваемой модели или функции.", GATED),
        ("Acesso à API Cerebras negado. Sua chave de API pode não ter acesso ao modelo ou recurso solicitado.", GATED),
        ("Cerebras API 액세스가 금지되었습니다. API 키가 요청된 모델이나 기능에 액세스할 수 없을 수 있습니다.", GATED),
        ("Acceso prohibido a la API de Cerebras. Tu clave de API puede no tener acceso al modelo o función solicitada.", GATED),
        ("Accès interdit à l'API Cerebras. Votre clé API peut ne pas avoir accès au modèle ou à la fonction demandée.", GATED),
        ("Cerebras APIアクセスが禁止されています。あなたのAPIキーは要求されたモデルや機能にアクセスできない可能性があります。", GATED),
    ],
)  # fmt: skip
def test_a_model_absent_or_refused_in_an_apps_words(text: str, verdict: str) -> None:
    assert _explain(text) == verdict


def test_the_apps_model_not_found_keeps_its_two_readings() -> None:
    """LobeChat's ModelNotFound says the model may not exist OR the key may lack access: read as
    not found, ambiguous, so the key's model list can settle it (decide.with_registry)."""
    rule = next(rule for rule in RULES if rule.name == "locale-model-absent-words")
    assert rule.ambiguous and rule.other


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # LobeChat's 429 banner, ko, ru, pt, es, de, fr
        ("죄송합니다. 요청이 너무 많아 서버가 조금 피곤한 상태입니다. 잠시 후에 다시 시도해 주세요", RATE),
        ("Извините, ваш запрос слишком частый, и сервер немного устал. Повторите попытку позже.", RATE),
        ("Desculpe, sua solicitação é muito frequente e o servidor está um pouco sobrecarregado, por favor, tente novamente mais tarde", RATE),
        ("Lo sentimos, ha realizado demasiadas solicitudes y el servidor está un poco cansado. Por favor, inténtelo de nuevo más tarde", RATE),
        ("Entschuldigung, Ihre Anfrage ist zu häufig. Der Server ist etwas überlastet. Bitte versuchen Sie es später erneut", RATE),
        ("Désolé, votre requête est trop fréquente et le serveur est un peu fatigué. Veuillez réessayer plus tard", RATE),
        # Roo Code cerebras.rateLimitExceeded, ru, pt, de, ko, es, fr
        ("Превышен лимит скорости Cerebras API. Подождите перед отправкой следующего запроса.", RATE),
        ("Limite de taxa da API Cerebras excedido. Aguarde antes de fazer outra solicitação.", RATE),
        ("Cerebras API-Ratenlimit überschritten. Bitte warte, bevor du eine weitere Anfrage stellst.", RATE),
        ("Cerebras API 속도 제한을 초과했습니다. 다른 요청을 하기 전에 기다리세요.", RATE),
        ("Se excedió el límite de velocidad de la API de Cerebras. Espera antes de hacer otra solicitud.", RATE),
        ("Limite de débit de l'API Cerebras dépassée. Veuillez attendre avant de faire une autre demande.", RATE),
        # Cherry Studio (ru): error.http.429
        ("Слишком много запросов. Пожалуйста, попробуйте позже", RATE),
    ],
)  # fmt: skip
def test_a_throttle_in_an_apps_words(text: str, verdict: str) -> None:
    assert _explain(text, status=429) == verdict
    assert _explain(text) == verdict
    # never a throttle with another status (the contract: only a 429 or no status)
    assert _explain(text, status=503) != verdict


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # LobeChat ProviderBizError ({{provider}} filled), ru, ko, es, de, pt, fr
        ("Ошибка запроса к сервису Anthropic AI. Пожалуйста, проверьте информацию ниже или повторите попытку", FAILED),
        ("Anthropic AI 서비스 요청 중 오류가 발생했습니다. 다음 정보를 확인하고 다시 시도하십시오.", FAILED),
        ("Se produjo un error al solicitar el servicio de OpenAI, por favor, revise la siguiente información o inténtelo de nuevo", FAILED),
        ("Fehler bei der Anforderung des OpenAI-Dienstes. Bitte überprüfen Sie die folgenden Informationen oder versuchen Sie es erneut.", FAILED),
        ("Erro no serviço OpenAI solicitado. Por favor, verifique as informações abaixo ou tente novamente.", FAILED),
        ("Erreur de service OpenAI. Veuillez vérifier les informations suivantes ou réessayer.", FAILED),
        # LobeChat's 500 and 503 banners, zh, es, fr
        ("很抱歉，服务器似乎遇到了一些困难，暂时无法完成您的请求，请稍后再试", FAILED),
        ("很抱歉，服务器当前无法处理您的请求，可能是由于过载或正在进行维护，请稍后再试", FAILED),
        ("Lo sentimos, el servidor parece estar experimentando dificultades y no puede completar su solicitud en este momento. Por favor, inténtelo de nuevo más tarde", FAILED),
        ("Désolé, le serveur semble rencontrer des difficultés et ne peut temporairement pas traiter votre requête. Veuillez réessayer plus tard", FAILED),
        # Roo Code cerebras.serverError ({{status}} filled), ru, pt, de, ko, es, fr; OmniChat zh
        ("Ошибка сервера Cerebras API (500). Попробуйте позже.", FAILED),
        ("Erro do servidor da API Cerebras (500). Tente novamente mais tarde.", FAILED),
        ("Cerebras API-Serverfehler (500). Bitte versuche es später erneut.", FAILED),
        ("Cerebras API 서버 오류 (500). 나중에 다시 시도하세요.", FAILED),
        ("Error del servidor de la API de Cerebras (500). Inténtalo de nuevo más tarde.", FAILED),
        ("Erreur du serveur de l'API Cerebras (500). Veuillez réessayer plus tard.", FAILED),
        ("服务器错误 (5xx)。", FAILED),
        # Cherry Studio (ru): error.http.500
        ("Серверная ошибка. Пожалуйста, попробуйте позже", FAILED),
        # Roo Code errors.no_internet, ru, pt, de, ko; OmniChat network_issue, connection_refused
        ("Нет подключения к интернету. Проверь сетевое подключение и попробуй снова.", OFFLINE),
        ("Sem conexão com a internet. Verifique sua conexão de rede e tente novamente.", OFFLINE),
        ("Keine Internetverbindung. Bitte prüfe deine Netzwerkverbindung und versuche es erneut.", OFFLINE),
        ("인터넷 연결이 없습니다. 네트워크 연결을 확인하고 다시 시도해 주세요.", OFFLINE),
        ("网络问题。请检查连接或 CORS。", OFFLINE),
        ("连接被拒绝。请检查本地服务。", OFFLINE),
        ("接続が拒否されました。ローカルサーバーを确认してください。", OFFLINE),
    ],
)  # fmt: skip
def test_a_failed_provider_or_network_in_an_apps_words(text: str, verdict: str) -> None:
    assert _explain(text) == verdict


@pytest.mark.parametrize(
    "text",
    [
        # LobeChat ExceededContextWindow (pt, de, fr) and 413 (zh, es): the request, not access
        "O conteúdo da solicitação atual excede o comprimento que o modelo pode processar. Por favor, reduza a quantidade de conteúdo e tente novamente.",
        "Der aktuelle Anfrageinhalt überschreitet die von dem Modell verarbeitbare Länge. Bitte reduzieren Sie die Menge des Inhalts und versuchen Sie es erneut.",
        "Le contenu de la demande actuelle dépasse la longueur que le modèle peut traiter. Veuillez réduire la quantité de contenu et réessayer.",
        "很抱歉，您的请求数据量过大，服务器无法处理",
        "Lo sentimos, su solicitud es demasiado grande para ser procesada por el servidor",
        # Gemini-OmniChat safety_block (zh, ja) and context_length_exceeded (zh): content, length
        "已被安全过滤器拦截。",
        "セーフティフィルターによってブロックされました。",
        "超出上下文长度限制。",
        # LobeChat's 400 banner (pt, zh): a request error
        "Desculpe, o servidor não entendeu sua solicitação. Verifique se os parâmetros da sua solicitação estão corretos",
        "很抱歉，服务器不明白您的请求，请确认您的请求参数是否正确",
        # Cherry Studio's chat.response (ru): a hedge ("is your key set?"), no condition named
        "Что-то пошло не так. Пожалуйста, проверьте, установлен ли ваш ключ API в Настройки > Провайдеры",
        # NextChat's Error.Unauthorized opening (ru): names no condition
        "😆 В разговоре возникли некоторые проблемы, не переживайте",
        # Roo Code: a web page refused to a tool, a mode (not a model) not found
        "Доступ к этому веб-сайту запрещен. Сайт может блокировать автоматический доступ или требовать аутентификацию.",
        "Erro de escrita: Modo não encontrado",
        "Error de escritura: Modo no encontrado",
    ],
)  # fmt: skip
def test_a_request_error_or_no_condition_stays_unknown(text: str) -> None:
    assert _explain(text) == "unknown/unexpected_response"
    assert _explain(text, status=400) not in CONDITIONS


def test_the_provider_named_beside_the_apps_banner_decides() -> None:
    """LobeChat prints its banner above the provider's own error: the provider's code is read
    before the app's words (the app's generic 'service error' never hides a quota)."""
    text = (
        "Erro no serviço OpenAI solicitado. Por favor, verifique as informações abaixo ou tente "
        'novamente.\n{"error":{"code":"insufficient_quota","message":"You exceeded your current '
        'quota, please check your plan and billing details."}}'
    )
    assert _explain(text) == QUOTA
