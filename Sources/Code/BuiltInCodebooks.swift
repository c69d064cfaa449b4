/// Codebooks that ship with Sinmun, by name.
public enum BuiltInCodebooks {
    /// Each built-in codebook's YAML, by the name `--codebook` accepts.
    public static let all: [String: String] = ["ai-discourse": aiDiscourse]

    /// Loads a built-in codebook by name, or a codebook file by path.
    public static func load(_ nameOrPath: String) throws -> Codebook {
        if let yaml = all[nameOrPath] { return try CodebookParser.parse(yaml, file: "built-in:\(nameOrPath)") }
        return try CodebookParser.load(path: nameOrPath)
    }

    /// The AI-discourse study (`shared/study/ai-discourse.md`) as a codebook, in North Korean
    /// Korean spelling (the text engine adds the South Korean forms) and KCNA English.
    public static let aiDiscourse = #"""
        # Sinmun built-in codebook: how Rodong Sinmun and KCNA write about artificial intelligence.
        # Operationalises shared/study/ai-discourse.md. Korean terms are written in North Korean
        # spelling; South Korean spellings and spacing variants are matched automatically.
        codebook: ai-discourse
        description: >
          AI in North Korean state media: is an article about AI or intelligent systems, in which
          frames, citing whom, with which signals of institutionalisation.
        rollup: {mention: 1, focus: 3, focus_share: 0.2, focus_title: true}

        codes:
          ai:
            group: concept
            label: Artificial intelligence
            description: >
              The article is about AI or intelligent systems. Traps avoided: "intelligence" alone
              (espionage: intelligence agency, military intelligence), drones without AI, "smart" and
              "automatic"/"automation" in other senses, Korean 지능 (a child's intellect) and 정보
              (information, intelligence) alone.
            terms:
              ko: [인공지능, 지능화, 지능형, 지능적인 체계, 지능체계, 지능진단, 기계학습, 심층학습, 신경망,
                   생성형, 챗GPT, 화상인식, 음성인식, 얼굴인식, 기계번역, 로보트, 자률주행, 자률조종,
                   자률무기, 대규모언어모형]
              en: [artificial intelligence, AI, A.I., machine learning, deep learning, neural network,
                   generative, ChatGPT, large language model, intelligent, intelligentization,
                   intellectualization, intelligence diagnosis, robot, robotics, robotic,
                   autonomous driving, self-driving, facial recognition, face recognition,
                   speech recognition, voice recognition, image recognition, machine translation]
            exclude:
              en: [intelligent people, intelligent youth, intelligent children, intelligent workers,
                   intelligent ones, intelligent farmers, intelligent working people, intelligent persons]

          rise_and_fall:
            group: frame
            label: AI decides the rise and fall of nations
            terms:
              ko: [흥망, 흥망성쇠, 운명을 좌우, 미래를 좌우, 국력을 좌우, 주도권, 운명이 결정]
              en: [rise and fall, destiny, whoever leads, decide the future, decides the future,
                   determine the future, fate of the nation, fate of nations, future of mankind]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          daily_life:
            group: frame
            label: Take AI into daily life and work
            terms:
              ko: [일상생활, 생활의 모든 분야, 모든 분야, 모든 부문, 간부들, 근로자들, 인민생활]
              en: [daily life, everyday life, every field, all fields, all sectors, every sector,
                   officials and working people, working people, daily work]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          state_led:
            group: frame
            label: The state leads, manages and regulates AI
            terms:
              ko: [국가가 책임지고, 국가적인 관리, 국가적관리, 국가주도, 국가적인 사업, 통일적인 지도, 통일적지도,
                   전망계획, 법률, 법적, 국가적으로]
              en: [state-led, state management, state control, national plan, national strategy,
                   state policy, unified guidance, under the state, state-run, manage responsibly]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          sovereignty:
            group: frame
            label: AI as a national asset guarding sovereignty and security
            terms:
              ko: [주권, 자주권, 국가자산, 국가의 재부, 안전, 안보, 자립, 자위적]
              en: [sovereignty, national asset, self-reliance, self-reliant, national security,
                   self-defensive, independence]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          military:
            group: frame
            label: AI in weapons, drones and modern warfare
            terms:
              ko: [무인기, 자폭, 현대전, 무장장비, 국방, 군사, 무기, 전쟁, 타격, 작전]
              en: [drone, suicide drone, weapon, modern warfare, warfare, war, military, defence,
                   defense, combat, missile, battlefield, armed forces, operation]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          economy:
            group: frame
            label: AI in the economy and production
            terms:
              ko: [인민경제, 경제, 생산, 공업, 공장, 기업소, 농업, 농장, 설비]
              en: [production, productivity, economy, economic, industry, industrial, factory,
                   enterprise, farm, farming, agriculture, agricultural, machine, machinery,
                   equipment]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          education:
            group: frame
            label: AI in education and talent
            terms:
              ko: [교육, 인재, 학생, 교원, 대학, 교수]
              en: [education, educational, teaching, student, talent, university, school, teacher]
            exclude:
              en: ["re:(?:[A-Z][a-z]+ )+University"]    # a named university is an address, not a frame
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          health:
            group: frame
            label: AI in health and medicine
            terms:
              ko: [의료, 보건, 병원, 치료, 의학, 의약품]
              en: [medical, health care, public health, hospital, medicine, treatment, patient]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          criticism:
            group: frame
            label: The West's AI as a threat
            description: Within two sentences of an AI mention (commentaries argue over several).
            terms:
              ko: [패권, 위험, 군사화, 위협, 대결, 침략, 악용, 군비경쟁, 군사블로크]
              en: [hegemony, hegemonic, danger, dangerous, threat, militarization, militarisation,
                   arms race, military bloc, confrontation, aggression, supremacy, nuclear minefield]
            context: {codes: [ai], sentences: 2}
            article_requires: [ai]

          actor_russia:
            group: actor
            label: Russia, Putin
            terms:
              ko: [로씨야, 뿌찐, 크레믈리]
              en: [Russia, Russian, Putin, Kremlin]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_iran:
            group: actor
            label: Iran and its leaders
            terms:
              ko: ["re:(?<![가-힣])이란", 하메네이, 라이시, 페제슈키얀]   # not the particle 이란 (…것이란)
              en: [Iran, Iranian, Khamenei, Raisi, Pezeshkian]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_china:
            group: actor
            label: China
            terms:
              ko: [중국, 습근평]
              en: [China, Chinese, Xi Jinping]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_us_west:
            group: actor
            label: The U.S. and the West
            terms:
              ko: [미국, 미제, 서방, 나토, 오커스, 미한]
              en: [U.S., United States, US, USA, Washington, the West, Western, NATO, AUKUS, Biden, Trump]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_rok:
            group: actor
            label: The ROK
            terms:
              ko: [한국, 괴뢰, 남조선, 대한민국, 미한]
              en: [ROK, South Korea, puppet, Seoul]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_kim_jong_un:
            group: actor
            label: Kim Jong Un (leader guidance)
            terms:
              ko: [김정은]
              en: [Kim Jong Un]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          ind_plan:
            group: indicator
            label: A national AI plan or strategy
            terms:
              ko: [인공지능발전전략, 국가인공지능전략, 인공지능전략, 인공지능발전계획, 전망계획, 중장기계획, 발전전략]
              en: [national AI strategy, AI strategy, AI development plan, national plan, long-term plan,
                   development strategy]
            context: {codes: [ai], sentences: 0}
            article_requires: [ai]

          ind_organ:
            group: indicator
            label: A state AI organ, institute or committee
            terms:
              ko: [인공지능연구소, 인공지능연구원, 인공지능위원회, 인공지능국, 인공지능연구기지]
              en: [AI institute, artificial intelligence institute, AI research institute, AI committee,
                   AI council, AI administration, AI bureau]
            article_requires: [ai]

          ind_law:
            group: indicator
            label: AI law or regulation
            terms:
              ko: [인공지능법, 법률, 법제화, 규제, 규정]
              en: [AI law, legislation, regulation, legal framework, law on]
            context: {codes: [ai], sentences: 0}
            article_requires: [ai]

          ind_congress:
            group: indicator
            label: AI in a Party Congress or plenary report
            terms:
              ko: [당대회, 당 제９차대회, 당 제9차대회, 전원회의, 최고인민회의]
              en: [Party Congress, plenary meeting, Supreme People's Assembly]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]
        """#
}
